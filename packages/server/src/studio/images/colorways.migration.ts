// Colour libraries keep the colours extracted from each swatch (AddColorLibrary), not just its URL.
import type { MigrationDefinition } from "../../core/db/index.js";

export const studioColorwayColorsMigration: MigrationDefinition = {
  name: "0310_studio_colorway_colors",
  async up({ db, types }) {
    await db.schema
      .alterTable("studio_colorways")
      .addColumn("colors", types.json, (c) => c.notNull().defaultTo("[]"))
      .execute();
  },
};
