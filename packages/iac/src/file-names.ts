/**
 * Which files and folders are templates, and which folders never hold one: shared by the template
 * scanner's discovery and the bundle analyzer's project walk (a module of its own, so the bundle
 * analyzer can use it without loading the template loaders).
 */

/** Directories that hold build output, dependencies or VCS data, never templates a user edits. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.aws-sam',
  '.serverless',
  '.git',
  '.hg',
  '.svn',
  '.terraform',
]);

/** Terraform configuration files: a folder with one is a root module. */
export const TERRAFORM_FILE = /\.tf(?:\.json)?$/;

/** Template names a SAM, CloudFormation, Serverless Framework or CDK project uses. */
export const TEMPLATE_NAME =
  /^(?:template\.(?:ya?ml|json)|.+\.template\.(?:json|ya?ml)|serverless\.(?:ya?ml|json))$/i;
