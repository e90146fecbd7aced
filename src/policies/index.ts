/** Loading and validating policy files, and the preset registry. */
export { formatPolicyError, type PolicyError, PolicyInvalidError } from './errors.js';
export { loadPolicyFile, type ParseResult, parsePolicy } from './load.js';
export { findPolicy, loadPresets, presetFiles, presetsDirectory } from './presets.js';
