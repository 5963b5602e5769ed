/** What the browser tests pin, so that numbers, dates and layout are the same on every machine. */
import { expect } from '@open-wc/testing';

describe('test environment', () => {
  it('pins locale, time zone and viewport', () => {
    expect(navigator.language).to.equal('en-US');
    expect(new Intl.NumberFormat().resolvedOptions().locale).to.equal('en-US');
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).to.equal('UTC');
    expect([innerWidth, innerHeight], 'set by @web/test-runner-chrome before every file').to.deep.equal([800, 600]);
  });
});
