import { join } from 'node:path';
import { ROOT } from '../repository.js';

/** What the web app reads at run time: our templates and assets, and GOV.UK Frontend's. */
export const VIEWS = join(ROOT, 'src', 'web', 'views');
export const PUBLIC = join(ROOT, 'src', 'web', 'public');
export const GOVUK = join(ROOT, 'node_modules', 'govuk-frontend', 'dist');
