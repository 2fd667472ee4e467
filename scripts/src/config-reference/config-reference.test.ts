import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envVars } from "@lotse/server/env";
import {
  CONFIG_REFERENCE_PATH,
  REGENERATE_COMMAND,
  renderConfigReference,
  undescribed,
  variableRows,
} from "./render.js";
import { configSources } from "./sources.js";

const workspaceRoot = path.resolve(import.meta.dirname, "..", "..", "..");

describe("docs/configuration.md", () => {
  it("gives every variable of every schema a description", () => {
    const missing = undescribed(configSources);
    expect(
      missing,
      `variables without a description: add .describe() to each in its schema, then run ${REGENERATE_COMMAND}`,
    ).toEqual([]);
  });

  it("says what production mode demands of every variable the production checks refuse", () => {
    for (const source of configSources) {
      if (!source.productionChecked) continue;
      const checked = source.productionChecked();
      expect(checked.length, source.file).toBeGreaterThan(0);
      const rows = new Map(variableRows(source.shape).map((row) => [row.name, row]));
      const withoutNote = checked.filter((name) => !rows.get(name)?.production);
      expect(
        withoutNote,
        `${source.file}: checked in production mode but without .meta({ production: … })`,
      ).toEqual([]);
    }
  });

  it("is up to date with the schemas", () => {
    const current = readFileSync(path.join(workspaceRoot, CONFIG_REFERENCE_PATH), "utf8");
    // Not toEqual: a diff of a generated table helps less than the command that fixes it.
    expect(
      current === renderConfigReference(configSources),
      `${CONFIG_REFERENCE_PATH} is out of date: run ${REGENERATE_COMMAND}`,
    ).toBe(true);
  });
});

describe("variableRows", () => {
  const shape = {
    PLAIN_PORT: envVars.port(8080),
    APP_PORT: envVars.port(9090).describe("The app's own port."),
    NEEDED: z.string().describe("Required everywhere."),
    SECRET: z
      .string()
      .optional()
      .meta({ description: "A secret.", production: "must be set", computedDefault: "generated" }),
    LIST: z
      .string()
      .transform((value) => value.split(","))
      .default([])
      .describe("A list."),
  };

  it("reads defaults from the schema, required from a failed parse of nothing, and text from the metadata", () => {
    expect(variableRows(shape)).toEqual([
      {
        name: "PLAIN_PORT",
        default: "`8080`",
        required: false,
        production: "",
        description: "The TCP port the server listens on.",
      },
      {
        name: "APP_PORT",
        default: "`9090`",
        required: false,
        production: "",
        description: "The app's own port.",
      },
      {
        name: "NEEDED",
        default: "–",
        required: true,
        production: "",
        description: "Required everywhere.",
      },
      {
        name: "SECRET",
        default: "generated",
        required: false,
        production: "must be set",
        description: "A secret.",
      },
      { name: "LIST", default: "empty", required: false, production: "", description: "A list." },
    ]);
  });

  it("reports a variable without a description", () => {
    expect(
      undescribed([{ title: "t", file: "f.ts", about: "", shape: { BARE: z.string() } }]),
    ).toEqual(["f.ts: BARE"]);
  });
});
