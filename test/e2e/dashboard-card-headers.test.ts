// A card's actions stay on its title row beside a long description (a new user's first
// hour: "Live traffic" on the overview's Top hosts and "Add provider" on the Certificates
// page dropped onto a line of their own under the text, unlike every shorter card), and
// still go below the text when the card is too narrow for both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession, Page } from '../helpers/browser.ts';
import { startPortico, type Portico } from '../helpers/portico.ts';
import { expectOnlyProblems, openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;

beforeAll(async () => {
  portico = await startPortico();
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await portico?.stop();
});

/** Where a card's action sits against its description: on the same row, or below it. */
async function actionPlacement(page: Page, cardTitle: string, action: string): Promise<'beside' | 'below'> {
  const header = page.locator('section > header').filter({ has: page.getByRole('heading', { name: cardTitle, exact: true }) });
  const description = await header.locator('p').first().boundingBox();
  const button = await header.getByRole(action === 'Live traffic' ? 'link' : 'button', { name: action }).boundingBox();
  if (!description || !button) throw new Error(`the ${cardTitle} card or its ${action} action is not shown`);
  // Beside: the action starts above the description's last line and right of its text.
  return button.y < description.y + description.height && button.x >= description.x + description.width ? 'beside' : 'below';
}

describe('card headers', () => {
  it('keep the action beside a long description on a desktop', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/`);
    expect(await actionPlacement(page, 'Top hosts', 'Live traffic')).toBe('beside');
    await page.goto(`${portico.dashboard}/certificates`);
    expect(await actionPlacement(page, 'DNS providers', 'Add provider')).toBe('beside');
    await shoot(page, 'card-header-actions-desktop');
    expectOnlyProblems(session, /^$/);
  });

  it('put the action below the text on a phone', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${portico.dashboard}/certificates`);
    expect(await actionPlacement(page, 'DNS providers', 'Add provider')).toBe('below');
    await shoot(page, 'card-header-actions-phone');
    expectOnlyProblems(session, /^$/);
  });
});
