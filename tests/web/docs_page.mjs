// node docs_page.mjs BASE_URL SCREENSHOT: loads BASE_URL/docs in headless Chromium and fails
// unless the page renders every operation of BASE_URL/openapi.json with no console error and no
// request outside folio (the page must work offline); writes a screenshot for a person to look at.
import { chromium } from 'playwright-core';

const [base, screenshot] = process.argv.slice(2);
const spec = await (await fetch(`${base}/openapi.json`)).json();
const operations = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  await page.route(
    (url) => url.origin !== new URL(base).origin && !['data:', 'blob:'].includes(url.protocol),
    (route) => {
      problems.push(`request outside folio: ${route.request().url()}`);
      return route.abort();
    },
  );
  const response = await page.goto(`${base}/docs`, { waitUntil: 'networkidle' });
  if (response.status() !== 200) problems.push(`/docs answered ${response.status()}`);
  // Redoc gives each operation a section "…operation/<operationId>" once it has rendered.
  await page.waitForSelector('[data-section-id*="operation/"]', { timeout: 30000 });
  const sections = await page.$$eval('[data-section-id]', (nodes) => nodes.map((n) => n.dataset.sectionId));
  for (const id of operations) {
    if (!sections.some((section) => section.endsWith(`operation/${id}`))) problems.push(`not listed: ${id}`);
  }
  await page.screenshot({ path: screenshot });
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`/docs lists all ${operations.length} operations; screenshot: ${screenshot}`);
