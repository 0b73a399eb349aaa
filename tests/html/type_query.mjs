// Types a query into the exported glossary page in headless Chromium, checks what is shown,
// and saves a screenshot to look at. Not run by `cargo test` (it needs Node.js and
// playwright-core); run it by hand after changing src/render/export/page.html:
//
//   npm install --prefix /tmp/pw playwright-core
//   shuyu export --format html -o /tmp/glossary.html
//   PW_MODULES=/tmp/pw/node_modules node tests/html/type_query.mjs /tmp/glossary.html /tmp/shot.png
//
// The browser is Debian's chromium (apt-get install chromium); nothing is downloaded.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";

const [page_path = "/tmp/glossary.html", shot = "/tmp/glossary.png"] = process.argv.slice(2);
const base = process.env.PW_MODULES ? pathToFileURL(process.env.PW_MODULES + "/") : import.meta.url;
const { chromium } = createRequire(base)("playwright-core");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(page_path).href);
  const total = await page.locator("article.entry").count();

  // Type as a person would, key by key (an IME commits the characters the same way).
  await page.locator("#q").pressSequentially("能力建设", { delay: 30 });
  await page.waitForFunction(() => document.getElementById("count").textContent.startsWith("1 of"));
  const visible = page.locator("article.entry:not([hidden])");
  assert.equal(await visible.count(), 1);
  assert.equal(await visible.first().getAttribute("data-id"), "capacity-building");
  assert.match(page.url(), /#q=%E8%83%BD%E5%8A%9B%E5%BB%BA%E8%AE%BE$/, "the query is in the link");
  await page.screenshot({ path: shot });

  // English, any case, narrowed by the status filter.
  await page.locator("#q").fill("");
  await page.locator("#q").pressSequentially("ICT", { delay: 30 });
  const ict = await visible.count();
  assert.ok(ict > 1 && ict < total, `ICT matches ${ict} of ${total}`);
  await page.selectOption("#status", "rejected");
  assert.equal(await visible.count(), 0);
  assert.equal(await page.locator("#empty").isVisible(), true);
  await page.selectOption("#status", "");

  // Escape clears the search.
  await page.locator("#q").press("Escape");
  assert.equal(await visible.count(), total);
  assert.deepEqual(requests, [], "the page fetches nothing");
  console.log(`ok: ${total} entries; 能力建设 → capacity-building; ICT → ${ict}; screenshot ${shot}`);
} finally {
  await browser.close();
}
