import type { LanguageFeature } from './feature';
import { pemFeature } from './pem';
import { issueFeature } from './issue';
import { inspectFeature } from './inspect';
import { cnfFeature } from './cnf';
import { setupFeature } from './setup';
import { doctorFeature } from './doctor';
import { rulesFeature } from './rules';

/** Every editor feature family the server offers; order decides the order of merged answers. */
export const features: readonly LanguageFeature[] = [
  pemFeature,
  issueFeature,
  inspectFeature,
  setupFeature,
  cnfFeature,
  doctorFeature,
  rulesFeature,
];
