// Focus stacks (StackImage): which images form a stack, their shots, and when the stack is produced. A
// stack is open for 5 minutes from its first image; it is produced once that window has closed and every
// image of it is downloaded (or failed, or deleted).
import type { Executor } from "../../core/db/index.js";
import type { JobQueue } from "../../core/jobs/index.js";
import type { StudioDeps } from "../studio.deps.js";
import { ImageStatus } from "./image-status.js";
import { stackTask } from "./image.tasks.js";
import { toImage, type Image } from "./image.repository.js";
import { readBlob } from "./finish.js";

/** StackImage: the images of one stack must all arrive within this long of its first. */
export const STACK_WINDOW_MS = 5 * 60_000;
/** Photos in one stack (each StackImage's imageURL…imageURL5 count). */
export const MAX_STACK_PHOTOS = 10;

/** Images whose photos no longer count: deleted, failed download, refused. */
const GONE: readonly number[] = [
  ImageStatus.DeletedByUser,
  ImageStatus.DownloadFailed,
  ImageStatus.RejectedByPixelz,
];

/** The stack's images, first first. */
export async function listStackMembers(db: Executor, contactId: number, stackId: string): Promise<Image[]> {
  const rows = await db
    .selectFrom("studio_images")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("stack_id", "=", stackId)
    .orderBy("id")
    .execute();
  return rows.map(toImage);
}

/** Every photo of the stack's live images, in the order they were posted. */
export async function readStackPhotos(deps: StudioDeps, members: readonly Image[]): Promise<Buffer[]> {
  const photos: Buffer[] = [];
  for (const m of members) {
    if (GONE.includes(m.status)) continue;
    for (const key of m.sourceKeys.slice(0, m.request.sources.length)) photos.push(await readBlob(deps, key));
  }
  return photos.slice(0, MAX_STACK_PHOTOS);
}

/** Photos already in the stack (what a new StackImage adds to). */
export function countStackPhotos(members: readonly Pick<Image, "status" | "request">[]): number {
  return members.filter((m) => !GONE.includes(m.status)).reduce((n, m) => n + m.request.sources.length, 0);
}

/**
 * (Re)schedules the stack's production for when its window closes (now, if it already has). One job per
 * stack: a later call replaces a pending one. Called when an image of the stack is downloaded, fails or
 * is deleted, inside that change's transaction.
 */
export async function scheduleStack(
  db: Executor,
  deps: { queue: JobQueue; clock: { now(): number } },
  image: Pick<Image, "contactId" | "stackId">,
): Promise<void> {
  if (image.stackId === null) return;
  const first = await db
    .selectFrom("studio_images")
    .select("created_at")
    .where("contact_id", "=", image.contactId)
    .where("ticket", "=", image.stackId)
    .executeTakeFirst();
  const opens = first?.created_at ?? deps.clock.now();
  await deps.queue.enqueue(
    db,
    stackTask,
    { contactId: image.contactId, stackId: image.stackId },
    {
      key: `studio.stack:${image.contactId}:${image.stackId}`,
      runAt: Math.max(deps.clock.now(), opens + STACK_WINDOW_MS),
    },
  );
}
