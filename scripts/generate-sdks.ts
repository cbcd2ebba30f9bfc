import fs from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "@/server/contract/openapi";
import { generatePython, generateTypeScript } from "./sdk-codegen";

/** Writes the SDKs' generated layer from the current OpenAPI document. */
const root = path.resolve(import.meta.dirname, "..");
const doc = buildOpenApiDocument();
export const SDK_FILES = {
  "sdk/typescript/src/generated.ts": generateTypeScript(doc),
  "sdk/python/pio/_generated.py": generatePython(doc),
};
for (const [file, text] of Object.entries(SDK_FILES)) {
  fs.writeFileSync(path.join(root, file), text);
  console.log(`wrote ${file}`);
}
