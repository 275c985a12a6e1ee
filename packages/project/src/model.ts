import type { ModuleFacts } from '@lambda-lint/core';
import type { CodeResolution, LambdaFunction, TemplateModel } from '@lambda-lint/iac';

/** One function with what the join found about its code: what the project rules read. */
export interface JoinedFunction {
  fn: LambdaFunction;
  template: TemplateModel;
  code: CodeResolution;
  /** Facts of every file of its code (handler first); undefined for a file the analyzer gave none for. */
  facts: Array<ModuleFacts | undefined>;
  /** The code was analyzed (an analyzer for its language ran). */
  analyzed: boolean;
}

/** The project rules' model: the joined functions of one template. */
export interface ProjectModel {
  template: TemplateModel;
  functions: JoinedFunction[];
}
