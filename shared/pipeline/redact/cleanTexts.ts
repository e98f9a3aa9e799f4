import { createBoundedMemo } from '../../core/boundedMemo.js';

/**
 * Strings in which the default text rules find nothing, remembered (bounded, short strings only): services log the
 * same messages, names and values again and again, and the answer depends on the text alone.
 *
 * Shared by the walk (when it runs the default rules) and the leak check: the leak check's detectors are default
 * rules run by the same engine, so a string in which all of them found nothing, none claiming any part of it, is one
 * in which any subset of them finds nothing. The leak check then scans only what the walk changed or never saw.
 */
export const CLEAN_UNDER_DEFAULT_RULES = createBoundedMemo<string, true>(1024);

/** Longer strings are not remembered: they are rarely repeated whole, and the memory would hold them. */
export const CLEAN_TEXT_MAX_LENGTH = 256;
