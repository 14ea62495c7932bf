// Scenario 1: the explorer context menu offers "Animate image" on PNG/JPEG/WebP files (any letter case) and not
// elsewhere. The labels are compared exactly, so a broken `when` clause or a renamed title fails here.
import { contextMenuItems } from '../harness';
import { assert, type Scenario } from './context';
import { MENU_ANIMATE, MENU_ANIMATE_PRESET } from './ui';

export const menuOnImages: Scenario = async ({ page }) => {
  const seen: string[] = [];
  for (const file of ['photo.PNG', 'b.jpeg', 'c.webp']) {
    const labels = await contextMenuItems(page, file, file === 'photo.PNG' ? 'e2e-menu-photo.PNG' : undefined);
    assert(labels.includes(MENU_ANIMATE), `"${MENU_ANIMATE}" missing on ${file} (menu: ${labels.join(' | ')})`);
    assert(
      labels.includes(MENU_ANIMATE_PRESET),
      `"${MENU_ANIMATE_PRESET}" missing on ${file} (menu: ${labels.join(' | ')})`,
    );
    // The two entries sit together in their own group, right after each other.
    const at = labels.indexOf(MENU_ANIMATE);
    assert(
      labels[at + 1] === MENU_ANIMATE_PRESET,
      `on ${file} "${MENU_ANIMATE_PRESET}" does not follow "${MENU_ANIMATE}": ${labels.join(' | ')}`,
    );
    seen.push(`${file} (${labels.length} items)`);
  }
  return `"${MENU_ANIMATE}" and "${MENU_ANIMATE_PRESET}" on ${seen.join(', ')}`;
};

export const menuAbsentOnText: Scenario = async ({ page }) => {
  const labels = await contextMenuItems(page, 'notes.txt', 'e2e-menu-notes.txt');
  assert(labels.length > 3, `the menu of notes.txt looks empty: ${labels.join(' | ')}`);
  const ours = labels.filter((l) => /animate/i.test(l));
  assert(ours.length === 0, `notes.txt offers ${ours.join(', ')}`);
  return `${labels.length} items on notes.txt, none of ours`;
};
