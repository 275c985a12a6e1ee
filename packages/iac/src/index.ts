export * from './node.js';
export * from './model.js';
export {
  loadText,
  loadFile,
  detectKind,
  formatOf,
  parseErrorFinding,
  emptyTemplateNote,
  PARSE_ERROR_RULE_ID,
  loadLimits,
  type LoadResult,
  type TemplateKind as DetectedTemplateKind,
} from './load/index.js';
export { isModuleFolder, ModuleReader } from './terraform/index.js';
export { terraformWording } from './rule-helpers/terraform-wording.js';
export { discoverTemplates, type DiscoveredTemplate, type DiscoveredTerraformModule } from './discover.js';
export {
  buildModel,
  mergeSamGlobals,
  SAM_FUNCTION_GLOBAL_PROPERTIES,
  SAM_EVENT_INVOCATION,
  SERVERLESS_EVENT_INVOCATION,
  PRINCIPAL_INVOCATION,
  ServerlessVariables,
  serverlessLogicalId,
  UNSUPPORTED_TEMPLATE_NOTE,
} from './normalize/index.js';
export { iacRules } from './rules/index.js';
export {
  iacScanner,
  scanTemplateText,
  scanTemplateFile,
  loadTemplateModel,
  loadTemplate,
  checkTemplate,
  templateSuppressions,
  terraformRoots,
  type LoadedTemplate,
  type TerraformRoot,
  type ScanTemplateOptions,
} from './scanner.js';
export { resolveFunctionCode, findHandlerModule, type CodeResolution } from './code/resolve.js';
export { functionEnvironment } from './code/environment.js';
