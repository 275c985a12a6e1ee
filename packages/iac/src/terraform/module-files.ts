import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@lambda-lint/core';
import { checkBytes } from '../load/bytes.js';
import { MAX_TEMPLATE_BYTES } from '../load/limits.js';
import { parseErrorFinding } from '../load/parse-error.js';
import { parseHcl, type HclParseResult } from './hcl-parse.js';
import { parseTerraformJson } from './hcl-json.js';
import type { HclFile } from './hcl-tree.js';

/** The configuration files of one module folder, parsed once each. */
export interface ModuleFiles {
  /** Absolute folder. */
  dir: string;
  /** Configuration files (`*.tf`, `*.tf.json`) in name order, as Terraform reads them. */
  files: HclFile[];
  /** `terraform.tfvars(.json)` then `*.auto.tfvars(.json)` in name order: later files win. */
  tfvars: HclFile[];
  /** One parse-error finding per file that could not be read or parsed. */
  errors: Finding[];
}

export const CONFIG_FILE = /\.tf(?:\.json)?$/;
const TFVARS_FILE = /^(?:terraform\.tfvars(?:\.json)?|.+\.auto\.tfvars(?:\.json)?)$/;

/** True when a folder holds Terraform configuration (a module). */
export function isModuleFolder(entries: readonly string[]): boolean {
  return entries.some((name) => CONFIG_FILE.test(name));
}

/** Parses one configuration or tfvars text; `file` is the display path. */
export function parseConfigText(text: string, file: string): { file?: HclFile; error?: Finding } {
  const json = file.endsWith('.json');
  let result: HclParseResult;
  try {
    result = json ? parseTerraformJson(text) : parseHcl(text);
  } catch (error) {
    return {
      error: parseErrorFinding(
        file,
        { line: 1, column: 1 },
        `${file} could not be parsed as Terraform ${json ? 'JSON' : 'HCL'}: ${error instanceof Error ? error.message : String(error)}`,
        'Check that `terraform validate` accepts the file; please report this input to lambda-lint if it does.',
      ),
    };
  }
  if (!result.ok) return { error: parseErrorFinding(file, result.range, result.message, result.help) };
  return { file: { file, text, format: json ? 'json' : 'hcl', body: result.body } };
}

/** Reads one file with the size, binary and UTF-8 guards; a problem is a parse-error finding. */
export function readConfigFile(absolute: string, display: string): { file?: HclFile; error?: Finding } {
  try {
    const stats = statSync(absolute);
    if (stats.size > MAX_TEMPLATE_BYTES) {
      return {
        error: parseErrorFinding(
          display,
          { line: 1, column: 1 },
          `${display} is ${stats.size} bytes, more than lambda-lint reads (${MAX_TEMPLATE_BYTES} bytes).`,
          'Split the configuration into smaller files.',
        ),
      };
    }
    const decoded = checkBytes(readFileSync(absolute));
    if (!decoded.ok)
      return { error: parseErrorFinding(display, decoded.range, decoded.message, decoded.help) };
    return parseConfigText(decoded.text, display);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return {
      error: parseErrorFinding(
        display,
        { line: 1, column: 1 },
        `${display} cannot be read (${typeof code === 'string' ? code : String(error)}).`,
        'Check the permissions of the file.',
      ),
    };
  }
}

/** Reads a module folder; `displayOf` turns an absolute path into the display path findings use. */
export function readModuleFolder(
  dir: string,
  displayOf: (absolute: string) => string,
  isIgnored: (display: string) => boolean = () => false,
): ModuleFiles {
  const result: ModuleFiles = { dir, files: [], tfvars: [], errors: [] };
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    result.errors.push(
      parseErrorFinding(
        displayOf(dir),
        { line: 1, column: 1 },
        `${displayOf(dir)} cannot be read as a Terraform module (${typeof code === 'string' ? code : String(error)}).`,
        'Check that the module source path exists and can be read.',
      ),
    );
    return result;
  }
  const tfvarsNames = names.filter((n) => TFVARS_FILE.test(n));
  // terraform.tfvars comes before every *.auto.tfvars, whatever the names sort as.
  tfvarsNames.sort(
    (a, b) => Number(!a.startsWith('terraform.tfvars')) - Number(!b.startsWith('terraform.tfvars')),
  );
  for (const name of names.filter((n) => CONFIG_FILE.test(n))) {
    const absolute = path.join(dir, name);
    if (isIgnored(displayOf(absolute))) continue;
    try {
      if (!statSync(absolute).isFile()) continue;
    } catch {
      continue;
    }
    const { file, error } = readConfigFile(absolute, displayOf(absolute));
    if (file) result.files.push(file);
    if (error) result.errors.push(error);
  }
  for (const name of tfvarsNames) {
    const absolute = path.join(dir, name);
    const { file, error } = readConfigFile(absolute, displayOf(absolute));
    if (file) result.tfvars.push(file);
    if (error) result.errors.push(error);
  }
  return result;
}
