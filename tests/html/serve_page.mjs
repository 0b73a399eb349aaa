// The workspace page of `shuyu serve` in headless Chromium, as a terminologist uses it: search,
// check a pasted paragraph, then approve a candidate from the review queue with the keyboard.
// Started by tests/serve_page.rs (which starts the service on a copy of tests/html/review.yaml
// and then compares the file on disk); by hand:
//
//   npm install --prefix /tmp/pw playwright-core
//   SHUYU_TOKENS=reviewer:terminologist:reviewer-token-0001 shuyu serve --no-config \
//       --glossary /tmp/review.yaml --bind 127.0.0.1:8077 &
//   PW_MODULES=/tmp/pw/node_modules SHUYU_TOKEN=reviewer-token-0001 \
//       node tests/html/serve_page.mjs http://127.0.0.1:8077 /tmp
//
// The browser is Debian's chromium (apt-get install chromium fonts-noto-cjk); nothing is
// downloaded, and every request the page makes must go to the service.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";

const [base = "http://127.0.0.1:8077", shots = "/tmp"] = process.argv.slice(2);
const token = process.env.SHUYU_TOKEN ?? "reviewer-token-0001";
// The candidate approved, and the English picked for it (its first suggestion).
const target = process.env.SHUYU_APPROVE ?? "cand-53e2a1e5";
const modules = process.env.PW_MODULES ? pathToFileURL(process.env.PW_MODULES + "/") : import.meta.url;
const { chromium } = createRequire(modules)("playwright-core");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on("request", (r) => {
    if (!r.url().startsWith(base + "/")) problems.push(`request off the service: ${r.url()}`);
  });
  await page.goto(base + "/");
  const total = await page.locator("article.entry").count();
  assert.ok(total > 100, `the search lists the glossary (${total} entries)`);

  // Search: "/" jumps to the box, typed key by key as an IME commits characters.
  await page.keyboard.press("/");
  await page.keyboard.type("能力建设", { delay: 30 });
  await page.waitForFunction(() => document.getElementById("count").textContent.startsWith("1 of"));
  const found = page.locator("article.entry");
  assert.equal(await found.count(), 1);
  assert.equal(await found.first().getAttribute("data-id"), "capacity-building");
  await page.screenshot({ path: `${shots}/workspace-search.png`, caret: "initial" });

  // Check a pasted paragraph and its translation: a deprecated form (能力构建) is an error,
  // and every glossary term shows its approved English.
  await page.click("#tab-check");
  const zh = "大会，\n吁请会员国在信息和通信技术领域加强能力构建，并支持联合国系统在这方面的工作。";
  const en = "The General Assembly,\nCalls upon Member States to strengthen capacity-building in the field of information and communications technologies, and to support the work of the United Nations system in this regard.";
  await page.locator("#zh").fill(zh);
  await page.locator("#en").fill(en);
  await page.locator("#zh").press("Control+Enter");
  await page.waitForFunction(() => /error/.test(document.getElementById("check-summary").textContent));
  const summary = await page.locator("#check-summary").textContent();
  const bad = page.locator("#zh-out .hit.error.deprecated[data-entry=capacity-building]");
  assert.equal(await bad.count(), 1, "the deprecated form is flagged in place");
  assert.equal(await bad.locator("ruby").evaluate((r) => r.firstChild.textContent), "能力构建");
  assert.match(await bad.locator("rt").textContent(), /能力建设 · capacity-building/);
  assert.equal(await bad.locator("sup.flag").textContent(), "1");
  const ict = page.locator("#zh-out .hit[data-entry=ict] rt");
  assert.equal(await ict.textContent(), "information and communications technologies");
  assert.ok(await page.locator("#en-out .hit[data-entry=ict]").count() >= 1, "the English is annotated too");
  const first = await page.locator("#findings li").first().textContent();
  assert.match(first, /^error.*能力构建.*deprecated-zh/);
  // The Chinese renders with CJK glyphs, not boxes: a CJK font is wider than a fallback box row.
  const width = await page.locator("#zh-out ruby").first().evaluate((r) => r.getBoundingClientRect().width);
  assert.ok(width > 40, `能力构建 is ${width}px wide`);
  await page.screenshot({ path: `${shots}/workspace-check.png`, caret: "initial" });

  // The review queue, by keyboard only: j/k to the candidate, 1 picks its first suggested
  // English, a approves; the token is asked for once.
  await page.click("#tab-review");
  await page.locator("#queue li").first().waitFor();
  const queued = await page.locator("#queue li").count();
  await page.locator("#tab-review").blur();
  for (let i = 0; i < queued && (await page.locator("#cand").getAttribute("data-id")) !== target; i++) {
    await page.keyboard.press("j");
  }
  assert.equal(await page.locator("#cand").getAttribute("data-id"), target, `${target} is in the queue`);
  await page.keyboard.press("k");
  await page.keyboard.press("j");
  assert.equal(await page.locator("#cand-en").inputValue(), "", "no English until one is picked");
  await page.keyboard.press("a");
  await page.waitForFunction(() => /pick the English/.test(document.getElementById("toast").textContent));
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#token-dialog[open]").count(), 0, "nothing sent");
  await page.keyboard.press("2");
  const second = await page.locator("#cand-en").inputValue();
  await page.keyboard.press("1");
  const english = await page.locator("#cand-en").inputValue();
  assert.notEqual(english, second, "1 and 2 pick different suggestions");
  assert.equal(await page.locator("ol.sugg button.picked").count(), 1);
  await page.screenshot({ path: `${shots}/workspace-review.png`, caret: "initial" });
  await page.keyboard.press("a");
  await page.locator("#token-dialog[open]").waitFor();
  await page.screenshot({ path: `${shots}/workspace-token.png`, caret: "initial" });
  await page.keyboard.type(token);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /^Approved /.test(document.getElementById("toast").textContent));
  const toast = await page.locator("#toast").textContent();
  assert.equal(await page.locator(`#queue li[data-id="${target}"]`).count(), 0, "approved: out of the queue");
  assert.equal(await page.locator("#queue li").count(), queued - 1);
  await page.screenshot({ path: `${shots}/workspace-approved.png`, caret: "initial" });

  // The search follows the change.
  await page.keyboard.press("/");
  await page.keyboard.type(english);
  await page.waitForFunction(
    (id) => document.querySelector(`article.entry[data-id="${id}"]`)?.dataset.status === "approved", target);

  assert.deepEqual(problems, [], "no script error, no request off the service");
  console.log(JSON.stringify({ approved: target, en: english, toast, summary, total, queued }));
} finally {
  await browser.close();
}
