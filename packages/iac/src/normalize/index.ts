import type { LoadedFile } from '../node.js';
import type { TemplateKind, TemplateModel } from '../model.js';
import { buildCloudFormationModel } from './cloudformation.js';
import { buildServerlessModel } from './serverless.js';

export { mergeSamGlobals, SAM_FUNCTION_GLOBAL_PROPERTIES } from './sam-globals.js';
export { SAM_EVENT_INVOCATION, SERVERLESS_EVENT_INVOCATION, PRINCIPAL_INVOCATION } from './events.js';
export { ServerlessVariables } from './serverless-variables.js';
export { serverlessLayerLogicalId, serverlessLogicalId, UNSUPPORTED_TEMPLATE_NOTE } from './serverless.js';

/** Normalizes a loaded template of a known kind into the model the rules read. */
export function buildModel(loaded: LoadedFile, kind: Exclude<TemplateKind, 'terraform'>): TemplateModel {
  if (kind === 'serverless') return buildServerlessModel(loaded.file, loaded.root);
  return buildCloudFormationModel(loaded.file, kind, loaded.root);
}
