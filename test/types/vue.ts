/**
 * `share-count-widgets/vue`: both tags as Vue 3's template type checking sees them, through
 * `GlobalComponents`. A template's `<share-count :hide-below="10" @share-count-load="onLoad">`
 * is checked against the component's `$props` (`hideBelow`, `onShareCountLoad`), as here; `h()`
 * with the component type checks the same props in a render function.
 */
import { h, type GlobalComponents } from 'vue';
import type {} from 'share-count-widgets/vue';
import type {
  ShareableeBadgeElement,
  ShareableeBadgeLoadDetail,
  ShareCountElement,
  ShareCountErrorDetail,
  ShareCountLoadDetail,
} from 'share-count-widgets/define';
import type { Equal, Expect } from './expect.js';

type ShareCount = GlobalComponents['share-count'];
type Badge = GlobalComponents['shareablee-badge'];
type ShareCountProps = InstanceType<ShareCount>['$props'];
type BadgeProps = InstanceType<Badge>['$props'];

// What a template ref holds: the element.
declare const countRef: InstanceType<ShareCount>;
declare const badgeRef: InstanceType<Badge>;
const countElement: ShareCountElement = countRef;
const badgeElement: ShareableeBadgeElement = badgeRef;

const props: ShareCountProps = {
  url: 'https://example.com/post',
  service: 'facebook',
  field: 'share_count',
  notation: 'standard',
  locale: 'de-DE',
  lazy: true,
  hideBelow: 10,
  label: '# Mal geteilt',
  apiKey: 'key',
  endpoint: 'https://counts.example.com/url',
  transport: 'jsonp',
  fetch: (input, init) => fetch(input, init),
  class: ['count', { big: true }],
  style: { color: 'teal' },
  key: 'post',
  onShareCountLoad: (event) => {
    type _Detail = Expect<Equal<typeof event.detail, ShareCountLoadDetail>>;
    console.log(event.detail.count);
  },
  onShareCountError: (event) => {
    type _Detail = Expect<Equal<typeof event.detail, ShareCountErrorDetail>>;
    console.log(event.detail.error.message);
  },
};
const badgeProps: BadgeProps = {
  entityId: '123',
  service: 'twitter',
  sparkline: true,
  startDate: '2026-01-01',
  endDate: '2026-02-01',
  onShareableeBadgeLoad: (event) => {
    type _Detail = Expect<Equal<typeof event.detail, ShareableeBadgeLoadDetail>>;
    console.log(event.detail.value);
  },
  onShareableeBadgeError: (event) => console.log(event.detail.error.message),
};

declare const ShareCount: ShareCount;
declare const Badge: Badge;
export const vnodes = [h(ShareCount, props), h(Badge, badgeProps), h(ShareCount, { url: '/post', notation: 'compact' })];
console.log(countElement.state, badgeElement.state);

export const wrong: ShareCountProps[] = [
  // @ts-expect-error: notation is 'compact' or 'standard'
  { notation: 'short' },
  // @ts-expect-error: hideBelow is the property, a number
  { hideBelow: '10' },
  // @ts-expect-error: transport is 'auto', 'cors' or 'jsonp'
  { transport: 'xhr' },
  // @ts-expect-error: the count is what the element reports, not a prop
  { count: 12 },
  // @ts-expect-error: the load event carries ShareCountLoadDetail, not an error
  { onShareCountLoad: (event: CustomEvent<ShareCountErrorDetail>) => console.log(event.detail.error) },
];
// @ts-expect-error: Shareablee's services are facebook, twitter and instagram
export const wrongBadge: BadgeProps = { service: 'tiktok' };
// @ts-expect-error: h() checks the same props: lazy is a boolean
export const wrongVNode = h(ShareCount, { lazy: 'yes' });
