/** Opening a SQLite store file (its folder made first), with a typed error that says what the file was for. */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ResourceError } from "../errors.js";

export function openStoreFile(file: string, what: string, remedy: string): Database.Database {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new Database(file);
  } catch (error) {
    throw new ResourceError("IO", `Cannot open the ${what} ${file}: ${(error as Error).message}. ${remedy}`, { file }, { cause: error });
  }
}
