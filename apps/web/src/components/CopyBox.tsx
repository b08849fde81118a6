import { useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the old way */
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.append(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

/** Text to copy (an enrolment string, a command) with a Copy button that says when it worked. */
export function CopyBox({ label, text, multiline = false }: { label: string; text: string; multiline?: boolean }) {
  const [said, setSaid] = useState('');
  const copy = async () => setSaid((await copyText(text)) ? 'Copied.' : 'Could not copy: select the text and copy it by hand.');
  return (
    <div className="copybox">
      {/** biome-ignore lint/a11y/useAriaPropsSupportedByRole: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1); its label names it for screen readers */}
      {/** biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1); its label names it for screen readers */}
      <pre className={multiline ? 'copybox__text copybox__text--multi' : 'copybox__text'} aria-label={label} tabIndex={0}>
        {text}
      </pre>
      <div className="copybox__actions">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> {label}</span>
        </button>
        <span role="status" className="copybox__said">
          {said}
        </span>
      </div>
    </div>
  );
}
