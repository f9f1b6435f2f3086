/**
 * The TSDoc `@example` blocks of ts/, as programs: collected from the sources, wrapped so that
 * kerasm's exports and the shared fixtures (doc_fixtures.ts) are in scope, type-checked against
 * the sources as one program, and transpiled to run against the built package. A line
 * `expr; // <literal>` is a claim about a value: it becomes a check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface DocExample {
  /** `ts/models/network.ts:94`: where the fenced code starts. */
  where: string;
  code: string;
  /** A ```ts browser fence: type-checked, not run (needs a page). */
  browserOnly: boolean;
}

const root = path.resolve(__dirname, '../..');
const fixtureModule = path.join(root, 'tests/helpers/doc_fixtures');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every fenced ```ts block after an `@example` tag of a doc comment in ts/. */
export function collectExamples(): DocExample[] {
  const examples: DocExample[] = [];
  for (const file of sourceFiles(path.join(root, 'ts'))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let inExample = false;
    let fence: { start: number; info: string; body: string[] } | undefined;
    lines.forEach((raw, i) => {
      const line = raw.replace(/^\s*\*\s?/, '');
      if (/^\s*\/\*\*/.test(raw) || /\*\/\s*$/.test(raw)) inExample = false;
      if (/^@example\b/.test(line)) inExample = true;
      else if (/^@\w/.test(line)) inExample = false;
      if (!inExample) return;
      const marker = /^```(.*)$/.exec(line.trim());
      if (marker && !fence) fence = { start: i + 2, info: marker[1].trim(), body: [] };
      else if (marker && fence) {
        if (/^ts\b/.test(fence.info)) {
          examples.push({ where: `${path.relative(root, file)}:${fence.start}`, code: fence.body.join('\n'), browserOnly: /\bbrowser\b/.test(fence.info) });
        }
        fence = undefined;
      } else if (fence) fence.body.push(line);
    });
  }
  return examples;
}

/** Whether `text` is a JS literal (numbers, strings, arrays, objects, true/false/null/NaN). */
function isLiteral(text: string): boolean {
  const file = ts.createSourceFile('x.ts', `(${text});`, ts.ScriptTarget.ES2022);
  const statement = file.statements[0];
  if (file.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement)) return false;
  if ((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return false;
  const literal = (node: ts.Node): boolean => {
    if (ts.isParenthesizedExpression(node)) return literal(node.expression);
    if (ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
    if (ts.isIdentifier(node)) return ['NaN', 'Infinity', 'undefined'].includes(node.text);
    if (ts.isPrefixUnaryExpression(node)) return node.operator === ts.SyntaxKind.MinusToken && literal(node.operand);
    if (ts.isArrayLiteralExpression(node)) return node.elements.every(literal);
    if (ts.isObjectLiteralExpression(node)) {
      return node.properties.every((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && literal(p.initializer));
    }
    return false;
  };
  return literal(statement.expression);
}

/** `expr; // literal` lines become `__check(expr, 'literal', line)`; imports are hoisted. */
function rewrite(code: string): { imports: string[]; body: string[]; importedNames: Set<string> } {
  const imports: string[] = [];
  const body: string[] = [];
  const importedNames = new Set<string>();
  code.split('\n').forEach((line, i) => {
    const imported = /^\s*import\s+(type\s+)?\{([^}]*)\}\s+from\s+'kerasm';?\s*$/.exec(line);
    if (imported) {
      imported[2].split(',').map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!).filter(Boolean).forEach((n) => importedNames.add(n));
      imports.push(line);
      body.push('');
      return;
    }
    if (/^\s*import\s/.test(line)) {
      imports.push(line);
      body.push('');
      return;
    }
    const claim = /^(\s*)(?:await\s+)?([^;]+?);\s*\/\/\s*(.+?)\s*$/.exec(line);
    if (claim && !/^\s*(const|let|var|return|throw|if|for|while)\b/.test(claim[2]) && !/=(?!=)/.test(claim[2].replace(/=>|[<>!=]=/g, '')) && isLiteral(claim[3])) {
      // `console.log(x); // 3` claims what x is.
      const logged = /^console\.log\(([^,]*)\)$/.exec(claim[2].trim());
      const value = logged ? logged[1] : claim[2];
      const expr = /^\s*await\s/.test(line) ? `await (${value})` : value;
      body.push(`${claim[1]}__check(${expr}, ${JSON.stringify(claim[3])}, ${i + 1});`);
      return;
    }
    body.push(line);
  });
  return { imports, body, importedNames };
}

/** The module an example becomes: kerasm's exports and the fixtures in scope, the example in a block. */
export function exampleModule(example: DocExample, kerasmExports: string[], fixtureNames: string[]): { source: string; headerLines: number } {
  const { imports, body, importedNames } = rewrite(example.code);
  const shared = kerasmExports.filter((n) => !importedNames.has(n));
  // A fixture named like an export it would hide (`model`) stays out when the example calls it.
  const fixtures = fixtureNames.filter((n) => !importedNames.has(n) && !(kerasmExports.includes(n) && new RegExp(`\\b${n}\\s*\\(`).test(example.code)));
  const header = [
    `import { ${shared.join(', ')} } from 'kerasm';`,
    ...imports,
    `import type { DocFixtures } from ${JSON.stringify(fixtureModule)};`,
    `export async function run(__fixtures: DocFixtures, __check: (actual: unknown, expected: string, line: number) => void): Promise<void> {`,
    `  const { ${fixtures.join(', ')} } = __fixtures;`,
    `  {`,
  ];
  return { source: [...header, ...body, `  }`, `}`].join('\n'), headerLines: header.length };
}

/** Names exported by ts/index.ts (values and types), read with the compiler. */
export function kerasmExportNames(): string[] {
  const entry = path.join(root, 'ts/index.ts');
  const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(symbol).map((s) => s.name).filter((n) => n !== 'default');
}

/** Type-checks every example module against the sources; returns the errors of each, by index. */
export function typeCheck(modules: { source: string; headerLines: number }[]): string[][] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    noEmit: true,
    baseUrl: root,
    paths: { kerasm: ['./ts/index.ts'] },
  };
  const names = modules.map((_, i) => path.join(root, `tests/.doc_example_${i}.ts`));
  const host = ts.createCompilerHost(options);
  const byName = new Map(names.map((n, i) => [n, modules[i].source]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (byName.has(name) ? ts.createSourceFile(name, byName.get(name)!, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => byName.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => byName.get(name) ?? readFile(name);
  const program = ts.createProgram(names, options, host);
  return names.map((name, i) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 - modules[i].headerLines : 0;
      return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    }),
  );
}

/** Transpiles an example module to CommonJS and returns its `run`, with 'kerasm' as the built package. */
export function loadExample(module: string, kerasm: unknown): (fixtures: unknown, check: (actual: unknown, expected: string, line: number) => void) => Promise<void> {
  const { outputText } = ts.transpileModule(module, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  const exports: Record<string, unknown> = {};
  const requireFor = (id: string): unknown => {
    if (id === 'kerasm') return kerasm;
    return require(id);
  };
  new Function('require', 'exports', 'module', outputText)(requireFor, exports, { exports });
  return exports.run as never;
}
