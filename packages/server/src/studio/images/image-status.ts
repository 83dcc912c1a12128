// Image statuses (studio-api.md §3): ids, names, and the groups the lifecycle and the lists use.

export const ImageStatus = {
  DeletedByUser: 0,
  New: 10,
  DownloadFailed: 12,
  WaitingForPayment: 20,
  ReadyForProduction: 30,
  ReturnedForProduction: 40,
  InProduction: 60,
  AssignedToEditor: 62,
  DownloadedByEditor: 64,
  QualityAssurance: 66,
  Finished: 70,
  DeliveryFailed1: 72,
  DeliveryFailed2: 74,
  DeliveryFailed3: 76,
  DeliveryFailed: 78,
  Delivered: 80,
  RejectedByPixelz: 90,
  AwaitingReply: 95,
  Closed: 100,
  RemovedByCleanup: 999,
} as const;

export type ImageStatusId = (typeof ImageStatus)[keyof typeof ImageStatus];

const names: Record<number, string> = {
  0: "Deleted by user",
  10: "New",
  12: "New - download failed",
  20: "New - waiting for payment",
  30: "Ready for production",
  40: "Returned for production",
  60: "In production",
  62: "Assigned to editor",
  64: "Downloaded by editor",
  66: "Quality Assurance",
  // The seed's list example spells 70 with a capital F.
  70: "Production Finished",
  72: "Production finished - 1st delivery attempt failed",
  74: "Production finished - 2nd delivery attempt failed",
  76: "Production finished - 3rd delivery attempt failed",
  78: "Production finished - Delivery failed",
  80: "Delivered",
  90: "Rejected by Pixelz",
  95: "Awaiting your reply",
  100: "Closed",
  999: "Deleted by cleanup service",
};

export const ALL_STATUSES: readonly number[] = Object.values(ImageStatus);

export function statusName(status: number): string {
  return names[status] ?? "Unknown";
}

/** DELETE is allowed below production. */
export const DELETABLE: readonly number[] = [10, 12, 20, 30, 40];
/** A worker may take the image into production from these. */
export const PRODUCIBLE: readonly number[] = [30, 40];
/** Production steps (a worker holds the image). */
export const IN_PRODUCTION: readonly number[] = [60, 62, 64, 66];
/** Finished: final images exist, REJECT is allowed, retention closes them after 30 days. */
export const FINISHED: readonly number[] = [70, 72, 74, 76, 78, 80];
/** ProductIds' DoneCount. */
export const DONE: readonly number[] = [...FINISHED, 100, 999];
/** ProductIds' TodoCount: accepted and on their way (failed, refused and deleted images count in neither). */
export const TODO: readonly number[] = [10, 20, 30, 40, ...IN_PRODUCTION, 95];
