/** `share-count-widgets/define` in a project without jQuery's, React's or Vue's types. */
import { configure, type ShareableeBadgeElement } from 'share-count-widgets/define';
import type { Equal, Expect } from '../expect.js';

configure({ consent: 'required' });
const badge = document.querySelector('shareablee-badge');
type _Queried = Expect<Equal<typeof badge, ShareableeBadgeElement | null>>;
console.log(badge?.state);
