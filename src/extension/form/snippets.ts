// The form's prompt help: phrases to insert (camera moves, speed words, natural motion) and a five-part template.
// Pure (no vscode): `t` translates each text (vscode.l10n.t in the host, identity in tests), so the Chinese UI
// inserts Chinese phrases. The camera phrases are worded so the local renderer recognises them (src/shared/motion.ts).
import type { SnippetGroup } from '../../shared/protocol';

export function promptSnippets(t: (text: string) => string): SnippetGroup[] {
  const phrases = (...texts: string[]) => texts.map((text) => ({ label: text, text }));
  const template = [
    t('Shot: wide shot of the scene, the subject in the centre'),
    t('Action: the subject moves slightly, hair and clothes stir'),
    t('Timing: slowly, over the whole clip'),
    t('Light: soft morning light'),
    t('Sound: gentle wind, distant birds'),
  ].join('\n');
  return [
    {
      label: t('Camera moves'),
      items: phrases(
        t('slow zoom in'),
        t('slow zoom out'),
        t('dolly in toward the subject'),
        t('dolly out, revealing the scene'),
        t('slow pan to the left'),
        t('slow pan to the right'),
        t('tilt up'),
        t('tilt down'),
        t('camera orbits around the subject'),
      ),
    },
    { label: t('Speed'), items: phrases(t('slowly'), t('gently'), t('rapidly'), t('in slow motion'), t('smoothly')) },
    {
      label: t('Natural motion'),
      items: phrases(
        t('leaves sway in the wind'),
        t('water ripples'),
        t('clouds drift across the sky'),
        t('hair and clothes flutter in the breeze'),
        t('mist rolls slowly'),
        t('sunlight flickers through the leaves'),
      ),
    },
    { label: t('Template'), items: [{ label: t('Shot, action, timing, light, sound'), text: template }] },
  ];
}
