/**
 * AWS Lambda managed runtimes and the date each one is (or was) deprecated.
 *
 * Source: "Lambda runtimes" in the AWS Lambda Developer Guide,
 *   https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 *   (tables "Supported runtimes" and "Deprecated runtimes", column "Deprecation date").
 * Last checked: 2026-11-27. The page itself could not be read in full from the build
 * environment that day; the dates were taken from two mirrors of it
 * (endoflife.date/aws-lambda and tflint-ruleset-aws `aws_lambda_function_deprecated_runtime`)
 * and should be re-verified against the AWS page at the next update.
 *
 * "Deprecation" is the AWS phase-1 date: from then on the runtime gets no security
 * patches, functions lose technical support, and creating (then updating) functions
 * with it is blocked a few weeks later. Update this table when AWS publishes new dates,
 * and bump `RUNTIME_TABLE_CHECKED`.
 */
export const RUNTIME_TABLE_CHECKED = '2026-11-27';
export const RUNTIME_TABLE_SOURCE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html';

export type RuntimeLanguage = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'go' | 'provided';

export interface RuntimeInfo {
  id: string;
  language: RuntimeLanguage;
  /** ISO date (YYYY-MM-DD) of deprecation, or undefined while AWS has not announced one. */
  deprecation?: string;
  /** Runtime to move to, shown in `help`. */
  upgradeTo: string;
}

const rows: [id: string, language: RuntimeLanguage, deprecation: string | undefined, upgradeTo: string][] = [
  // Supported (projected deprecation dates).
  ['nodejs24.x', 'nodejs', '2028-04-30', 'nodejs24.x'],
  ['nodejs22.x', 'nodejs', '2027-04-30', 'nodejs24.x'],
  ['nodejs20.x', 'nodejs', '2026-04-30', 'nodejs24.x'],
  ['python3.14', 'python', '2029-06-30', 'python3.14'],
  ['python3.13', 'python', '2029-06-30', 'python3.14'],
  ['python3.12', 'python', '2028-10-31', 'python3.14'],
  ['python3.11', 'python', '2026-06-30', 'python3.14'],
  ['python3.10', 'python', '2026-06-30', 'python3.14'],
  ['java25', 'java', '2029-06-30', 'java25'],
  ['java21', 'java', '2029-06-30', 'java25'],
  ['java17', 'java', '2026-06-30', 'java25'],
  ['java11', 'java', '2026-06-30', 'java25'],
  ['java8.al2', 'java', '2026-06-30', 'java25'],
  ['dotnet10', 'dotnet', '2028-11-14', 'dotnet10'],
  ['dotnet8', 'dotnet', '2026-11-10', 'dotnet10'],
  ['ruby3.4', 'ruby', '2028-03-31', 'ruby3.4'],
  ['ruby3.3', 'ruby', '2027-03-31', 'ruby3.4'],
  ['ruby3.2', 'ruby', '2026-03-31', 'ruby3.4'],
  ['provided.al2023', 'provided', '2029-06-30', 'provided.al2023'],
  ['provided.al2', 'provided', '2026-06-30', 'provided.al2023'],
  // Deprecated.
  ['python3.9', 'python', '2025-12-15', 'python3.14'],
  ['nodejs18.x', 'nodejs', '2025-09-01', 'nodejs24.x'],
  ['dotnet6', 'dotnet', '2024-12-20', 'dotnet10'],
  ['python3.8', 'python', '2024-10-14', 'python3.14'],
  ['nodejs16.x', 'nodejs', '2024-06-12', 'nodejs24.x'],
  ['dotnet7', 'dotnet', '2024-05-14', 'dotnet10'],
  ['java8', 'java', '2024-01-08', 'java25'],
  ['go1.x', 'go', '2024-01-08', 'provided.al2023'],
  ['provided', 'provided', '2024-01-08', 'provided.al2023'],
  ['ruby2.7', 'ruby', '2023-12-07', 'ruby3.4'],
  ['nodejs14.x', 'nodejs', '2023-12-04', 'nodejs24.x'],
  ['python3.7', 'python', '2023-12-04', 'python3.14'],
  ['dotnetcore3.1', 'dotnet', '2023-04-03', 'dotnet10'],
  ['nodejs12.x', 'nodejs', '2023-03-31', 'nodejs24.x'],
  ['python3.6', 'python', '2022-07-18', 'python3.14'],
  ['dotnet5.0', 'dotnet', '2022-05-10', 'dotnet10'],
  ['dotnetcore2.1', 'dotnet', '2022-01-05', 'dotnet10'],
  ['nodejs10.x', 'nodejs', '2021-07-30', 'nodejs24.x'],
  ['ruby2.5', 'ruby', '2021-07-30', 'ruby3.4'],
  ['python2.7', 'python', '2021-07-15', 'python3.14'],
  ['nodejs8.10', 'nodejs', '2020-03-06', 'nodejs24.x'],
  ['nodejs4.3', 'nodejs', '2020-03-05', 'nodejs24.x'],
  ['nodejs4.3-edge', 'nodejs', '2019-04-30', 'nodejs24.x'],
  ['nodejs6.10', 'nodejs', '2019-08-12', 'nodejs24.x'],
  ['dotnetcore1.0', 'dotnet', '2019-07-30', 'dotnet10'],
  ['dotnetcore2.0', 'dotnet', '2019-05-30', 'dotnet10'],
  ['nodejs', 'nodejs', '2016-10-31', 'nodejs24.x'],
];

export const RUNTIMES: ReadonlyMap<string, RuntimeInfo> = new Map(
  rows.map(([id, language, deprecation, upgradeTo]) => [
    id,
    { id, language, upgradeTo, ...(deprecation !== undefined && { deprecation }) },
  ]),
);

export function runtimeInfo(runtime: string): RuntimeInfo | undefined {
  return RUNTIMES.get(String(runtime).trim().toLowerCase());
}

/**
 * Managed runtimes that support Lambda SnapStart: Java 11 and later, Python 3.12 and
 * later, .NET 8 and later (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html,
 * "Supported features and limitations", checked 2026-11-27).
 */
export function supportsSnapStart(runtime: string): 'java' | 'python' | 'dotnet' | undefined {
  const id = String(runtime).trim().toLowerCase();
  let m = /^java(\d+)$/.exec(id);
  if (m && Number(m[1]) >= 11) return 'java';
  m = /^python3\.(\d+)$/.exec(id);
  if (m && Number(m[1]) >= 12) return 'python';
  m = /^dotnet(\d+)$/.exec(id);
  if (m && Number(m[1]) >= 8) return 'dotnet';
  return undefined;
}
