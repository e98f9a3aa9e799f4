/**
 * The range a JavaScript Date can hold, in milliseconds either side of the epoch: ±100,000,000 days
 * (ECMA-262, "Time Values and Time Range"). A timestamp outside it makes an Invalid Date that cannot be formatted.
 */
export const MAX_DATE_MS = 8.64e15;
