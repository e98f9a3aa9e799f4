import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.cjs';

// The project validates with zod/mini: the same checks for ~20 KiB of bundle instead of ~440 KiB. Its error messages
// come from a locale that must be loaded once: every module with a schema imports this file for that effect.
config(en());
