// "Is the player online?" from a game server's player list (Minecraft's `list`, or any command printing names).

/**
 * Whether `player` appears in `output` as a whole name (case-insensitive, as game names are). When the
 * output has a colon, only what follows the first one counts: Minecraft answers `list` with
 * "There are 2 of a max of 20 players online: Notch, Jeb_", whose preamble must not make a player called
 * "max" online.
 */
export function isPlayerListed(output: string, player: string): boolean {
  const colon = output.indexOf(":");
  const names = (colon === -1 ? output : output.slice(colon + 1)).toLowerCase();
  const wanted = player.toLowerCase();
  return names.split(/[^a-z0-9_.@+-]+/).includes(wanted);
}
