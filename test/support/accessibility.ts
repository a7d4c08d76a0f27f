import type { Page } from 'playwright-core';

// Accessibility checks with axe-core (the engine behind Lighthouse's and most browsers' audits),
// run inside the page under test: WCAG 2 A and AA rules, including labels, names and contrast.
// The page's context needs bypassCSP, since the app's CSP rightly refuses injected scripts.

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const axeOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

/** The violations on the page as it is now, one line each: rule, impact, the elements it found. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Expressions as text: the test code is compiled without the DOM's types.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(`window.axe.run(document, ${JSON.stringify(axeOptions)})`)) as { violations: AxeViolation[] };
  return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.length} element(s), e.g. ${violation.nodes.slice(0, 2).map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`).join('; ')}`);
}
