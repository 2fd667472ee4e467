import { describe, expect, it } from "vitest";
import { createCspNonce } from "./chooser-csp.js";
import { renderChooser, type ChooserInput } from "./render-chooser.js";

const idps = [
  {
    issuer: "https://idp.tk.example",
    organizationName: "Techniker Krankenkasse",
    logoUri: "https://idp.tk.example/logo.svg",
    pkv: false,
  },
  { issuer: "https://idp.aok.example", organizationName: "AOK Nordost", logoUri: null, pkv: false },
  { issuer: "https://idp.bkk.example", organizationName: "BKK Südwest", pkv: false },
  {
    issuer: "https://idp.allianz.example",
    organizationName: "Allianz Private Krankenversicherung",
    logoUri: "https://idp.allianz.example/logo.png",
    pkv: true,
  },
];

function render(overrides: Partial<ChooserInput> = {}): string {
  return renderChooser({
    locale: "de",
    application: { name: "Demo Web", logoUri: "https://demo.example/logo.png" },
    idps,
    formAction: "/interaction/abc123",
    hiddenFields: {},
    cspNonce: "nonce-for-tests-1234==",
    ...overrides,
  });
}

/** Opening tags of an element, each as a map of its attributes (values unescaped only for &quot;). */
function tags(page: string, name: string): Record<string, string>[] {
  return [...page.matchAll(new RegExp(`<${name}\\b([^>]*)>`, "g"))].map((match) => {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? "").matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
      attributes[attribute[1] ?? ""] = attribute[2] ?? "";
    }
    return attributes;
  });
}

/** The page with runs of whitespace collapsed, for text assertions. */
const text = (page: string) => page.replace(/\s+/g, " ").replace(/> </g, "><");
const byTestId = (page: string, name: string, testId: string) =>
  tags(page, name).find((tag) => tag["data-testid"] === testId);

const idpButtons = (page: string) => tags(page, "button").filter((button) => button.name === "idp");
/** The IDPs' list items in page order: the issuer of each and whether it is hidden. */
const items = (page: string) => {
  const buttons = idpButtons(page);
  return tags(page, "li")
    .filter((li) => "data-search" in li)
    .map((li, index) => ({ issuer: buttons[index]?.value, hidden: "hidden" in li }));
};

describe("renderChooser", () => {
  it("is a complete document in the requested language", () => {
    const de = text(render());
    expect(de.startsWith("<!doctype html>")).toBe(true);
    expect(de).toContain('<html lang="de"');
    expect(de).toContain("Demo Web möchte Sie anmelden");
    expect(de).toContain("Gesetzlich versichert");
    expect(de).toContain("Privat versichert");
    expect(tags(de, "meta")).toContainEqual({
      name: "viewport",
      content: "width=device-width, initial-scale=1",
    });

    const en = text(render({ locale: "en" }));
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("Demo Web wants you to sign in");
    expect(en).toContain("Statutory health insurance");
    expect(en).toContain("Private health insurance");
    expect(en).toMatch(/> ?Cancel ?<\/button>/);
  });

  it("makes every insurer a submit button of one POST form, with name and value", () => {
    const page = render();
    const forms = tags(page, "form").filter((form) => form.method === "post");
    expect(forms).toEqual([expect.objectContaining({ action: "/interaction/abc123" })]);
    const buttons = idpButtons(page);
    expect(buttons).toHaveLength(idps.length);
    for (const button of buttons) {
      expect(button.type).toBe("submit");
      expect(button.value).toMatch(/^https:\/\/idp\./);
      expect(button["data-issuer"]).toBe(button.value);
      expect(button["data-testid"]).toMatch(/^idp-[a-z0-9-]+$/);
    }
    expect(buttons.map((button) => button["data-testid"])).toContain("idp-bkk-sudwest");
  });

  it("groups GKV before PKV and sorts by name within each group", () => {
    const page = render();
    expect(page.indexOf('data-testid="group-gkv"')).toBeLessThan(
      page.indexOf('data-testid="group-pkv"'),
    );
    const gkv = page.slice(
      page.indexOf('data-testid="group-gkv"'),
      page.indexOf('data-testid="group-pkv"'),
    );
    expect(idpButtons(gkv).map((button) => button.value)).toEqual([
      "https://idp.aok.example",
      "https://idp.bkk.example",
      "https://idp.tk.example",
    ]);
    const pkv = page.slice(page.indexOf('data-testid="group-pkv"'));
    expect(idpButtons(pkv).map((button) => button.value)).toEqual(["https://idp.allianz.example"]);
  });

  it("leaves out a group without insurers", () => {
    const page = render({ idps: idps.filter((idp) => !idp.pkv) });
    expect(page).toContain('data-testid="group-gkv"');
    expect(page).not.toContain('data-testid="group-pkv"');
  });

  it("has a cancel button that ends the login", () => {
    const [cancel] = tags(render(), "button").filter(
      (button) => button["data-testid"] === "chooser-cancel",
    );
    expect(cancel).toMatchObject({ type: "submit", name: "cancel", value: "1" });
    expect(cancel).not.toHaveProperty("formaction");
    const [elsewhere] = tags(
      render({ cancelAction: "/interaction/abc123/abort" }),
      "button",
    ).filter((button) => button["data-testid"] === "chooser-cancel");
    expect(elsewhere).toMatchObject({ formaction: "/interaction/abc123/abort" });
  });

  it("posts the hidden fields with the choice", () => {
    const page = render({ hiddenFields: { flow: "f1", 'x"y': "<v>" } });
    expect(tags(page, "input").filter((input) => input.type === "hidden")).toEqual([
      { type: "hidden", name: "flow", value: "f1" },
      { type: "hidden", name: "x&quot;y", value: "&lt;v&gt;" },
    ]);
  });

  it("has a labelled search box that works without JavaScript (GET with q)", () => {
    const page = render();
    const [input] = tags(page, "input").filter((field) => field["data-testid"] === "idp-search");
    expect(input).toMatchObject({ id: "idp-search", name: "q", type: "search" });
    expect(text(page)).toContain('<label for="idp-search">Krankenversicherung suchen</label>');
    const [search] = tags(page, "form").filter((form) => form.id === "search-form");
    expect(search).toMatchObject({ method: "get" });
    expect(search).not.toHaveProperty("action");
    expect(tags(render({ searchAction: "/interaction/abc123" }), "form")[0]).toMatchObject({
      action: "/interaction/abc123",
    });
  });

  it("filters server-side by query, hiding what does not match", () => {
    const page = render({ query: "SÜD" });
    expect(items(page)).toEqual([
      { issuer: "https://idp.aok.example", hidden: true },
      { issuer: "https://idp.bkk.example", hidden: false },
      { issuer: "https://idp.tk.example", hidden: true },
      { issuer: "https://idp.allianz.example", hidden: true },
    ]);
    expect(byTestId(page, "section", "group-pkv")).toHaveProperty("hidden");
    expect(byTestId(page, "section", "group-gkv")).not.toHaveProperty("hidden");
    expect(byTestId(page, "div", "chooser-empty")).toHaveProperty("hidden");
    expect(byTestId(page, "input", "idp-search")).toHaveProperty("value", "SÜD");
    expect(text(page)).toContain("1 Krankenversicherung gefunden");
  });

  it("shows the empty state when the search matches nothing", () => {
    const page = render({ query: "xyz" });
    expect(items(page).every((item) => item.hidden)).toBe(true);
    expect(byTestId(page, "div", "chooser-empty")).not.toHaveProperty("hidden");
    expect(page).toContain("Keine Krankenversicherung gefunden.");
    expect(render({ query: "xyz", locale: "en" })).toContain("No health insurer found.");
  });

  it("says so when no insurer is available at all", () => {
    const page = render({ idps: [] });
    expect(byTestId(page, "div", "chooser-empty")).not.toHaveProperty("hidden");
    expect(page).toContain("Zurzeit ist keine Krankenversicherung verfügbar.");
    expect(page).not.toContain('data-testid="idp-search"');
  });

  it("renders hostile names, URLs and queries inert", () => {
    const page = render({
      application: { name: '<img src=x onerror="alert(1)">', logoUri: "javascript:alert(1)" },
      idps: [
        {
          issuer: 'https://evil.example/"><script>alert(1)</script>',
          organizationName: "<script>alert(1)</script>",
          logoUri: 'https://evil.example/x.png"onerror="alert(1)',
          pkv: false,
        },
        {
          issuer: "https://data.example",
          organizationName: "Data",
          logoUri: "data:image/svg+xml,<svg onload=alert(1)>",
          pkv: true,
        },
      ],
      query: '"><script>alert(2)</script>',
      formAction: '/x"><script>alert(3)</script>',
    });
    expect(page.match(/<script\b/g)).toHaveLength(1); // only the page's own, nonce-carrying script
    expect(page).not.toMatch(/<img src=x/);
    expect(page).not.toContain("javascript:");
    expect(page).not.toContain("data:image");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toMatch(/<[^>]*\son\w+=/); // no event-handler attribute in any tag
    expect(page).toMatch(/src="https:\/\/evil\.example\/x\.png%22onerror=%22alert\(1\)"/);
  });

  it("puts the nonce on the inline style and script", () => {
    const nonce = createCspNonce();
    const page = render({ cspNonce: nonce });
    expect(tags(page, "style")).toEqual([{ nonce }]);
    expect(tags(page, "script")).toEqual([{ nonce }]);
  });

  it("loads nothing but logos: no external stylesheets, scripts or fonts", () => {
    const page = render();
    expect(page).not.toMatch(/<link\b/);
    expect(page).not.toMatch(/@import|url\(/);
    const sources = tags(page, "img").map((img) => img.src);
    expect(sources).toEqual([
      "https://demo.example/logo.png",
      "https://idp.tk.example/logo.svg",
      "https://idp.allianz.example/logo.png",
    ]);
    for (const img of tags(page, "img")) expect(img.alt).toBe("");
  });

  it("shows a monogram where an insurer has no usable logo", () => {
    const page = render();
    const aok = text(page).match(
      /data-issuer="https:\/\/idp\.aok\.example" ?>(.*?)<\/button>/,
    )?.[1];
    expect(aok).toMatch(
      /^ ?<span class="idp-logo"><span class="monogram" aria-hidden="true">A<\/span>/,
    );
    expect(aok).not.toContain("<img");
  });
});
