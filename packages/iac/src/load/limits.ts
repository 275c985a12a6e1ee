/** Hard limits on template input; each one exists to keep a hostile or broken file from hanging or crashing a scan. */

/** Largest template read from disk. CloudFormation itself accepts 1 MB (S3-hosted); 20 MiB leaves room for generated CDK output. */
export const MAX_TEMPLATE_BYTES = 20 * 1024 * 1024;
/** Bytes sniffed for NUL characters to tell a binary file from text (the same window git uses). */
export const BINARY_SNIFF_BYTES = 8 * 1024;
/** Deepest nesting of maps/lists; real templates stay under 20, and the limit keeps every walk far from the JS stack limit. */
export const MAX_NESTING_DEPTH = 256;
/** Most YAML aliases (`*name`) in one file. */
export const MAX_ALIASES = 1000;
/** Most nodes that aliases may add when expanded: stops "billion laughs" alias bombs before any consumer walks them. */
export const MAX_ALIAS_EXPANSION = 1_000_000;
