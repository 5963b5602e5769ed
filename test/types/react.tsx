/** `share-count-widgets/react`: both tags in React 19's JSX, their properties and events as React 19 passes them. */
import { useRef } from 'react';
import type {} from 'share-count-widgets/react';
import type {
  ShareableeBadgeElement,
  ShareableeBadgeLoadDetail,
  ShareCountElement,
  ShareCountErrorDetail,
  ShareCountLoadDetail,
} from 'share-count-widgets/define';
import type { ShareButtonClickDetail, ShareButtonElement } from 'share-count-widgets/buttons';
import type { Equal, Expect } from './expect.js';

export function Buttons({ url }: { url: string }) {
  return (
    <footer>
      <share-buttons
        networks="facebook x mastodon copy"
        counts
        url={url}
        text="A headline"
        mastodon-server="mastodon.social"
        display="icon"
        hide-below={10}
        onshare-button-click={(event) => {
          type _Detail = Expect<Equal<typeof event.detail, ShareButtonClickDetail>>;
          if (event.detail.network === 'x') event.preventDefault();
        }}
      />
      <share-button
        network="pinterest"
        count
        media="https://example.com/cover.jpg"
        notation="standard"
        hide-below={5}
        ref={(button) => {
          type _Ref = Expect<Equal<typeof button, ShareButtonElement | null>>;
          console.log(button?.href, button?.shares);
        }}
      />
    </footer>
  );
}

export function Counts({ url }: { url: string }) {
  const ref = useRef<ShareCountElement>(null);
  const onLoad = (event: CustomEvent<ShareCountLoadDetail>) => console.log(event.detail.count, ref.current?.state);
  return (
    <p className="counts" lang="de">
      <share-count
        ref={ref}
        key={url}
        url={url}
        service="facebook"
        field="share_count"
        notation="standard"
        locale="de-DE"
        lazy
        hide-below={10}
        label="# Mal geteilt"
        api-key="key"
        endpoint="https://counts.example.com/url"
        transport="jsonp"
        fetch={(input, init) => fetch(input, init)}
        aria-describedby="counts-help"
        onshare-count-load={onLoad}
        onshare-count-error={(event) => {
          type _Detail = Expect<Equal<typeof event.detail, ShareCountErrorDetail>>;
          console.log(event.detail.error.message);
        }}
      />
      <shareablee-badge
        entity-id="123"
        service="instagram"
        metric="total_actions"
        start-date="2026-01-01"
        end-date="2026-02-01"
        sparkline
        endpoint="/shareablee/"
        notation="compact"
        ref={(badge) => {
          type _Ref = Expect<Equal<typeof badge, ShareableeBadgeElement | null>>;
          console.log(badge?.state);
        }}
        onshareablee-badge-load={(event) => {
          type _Detail = Expect<Equal<typeof event.detail, ShareableeBadgeLoadDetail>>;
          console.log(event.detail.value);
        }}
        onshareablee-badge-error={(event) => console.log(event.detail.error.name)}
      />
    </p>
  );
}

export const wrong = (
  <>
    {/* @ts-expect-error: notation is 'compact' or 'standard' */}
    <share-count notation="short" />
    {/* @ts-expect-error: hide-below is a number */}
    <share-count hide-below="10" />
    {/* @ts-expect-error: hideBelow would render as the attribute hidebelow on a server, which the element does not read */}
    <share-count hideBelow={10} />
    {/* @ts-expect-error: lazy is a boolean property */}
    <share-count lazy="yes" />
    {/* @ts-expect-error: transport is 'auto', 'cors' or 'jsonp' */}
    <share-count transport="xhr" />
    {/* @ts-expect-error: the count is what the element reports, not a prop */}
    <share-count count={12} />
    {/* @ts-expect-error: React 19 listens for on + the exact name; onShareCountLoad would wait for "ShareCountLoad" */}
    <share-count onShareCountLoad={() => {}} />
    {/* @ts-expect-error: the load event carries ShareCountLoadDetail, not an error */}
    <share-count onshare-count-load={(event: CustomEvent<ShareCountErrorDetail>) => console.log(event.detail.error)} />
    {/* @ts-expect-error: Shareablee's services are facebook, twitter and instagram */}
    <shareablee-badge service="tiktok" />
    {/* @ts-expect-error: the badge's load event carries ShareableeBadgeLoadDetail */}
    <shareablee-badge onshareablee-badge-load={(event: CustomEvent<ShareCountLoadDetail>) => console.log(event.detail.url)} />
    {/* @ts-expect-error: no such network */}
    <share-button network="myspace" />
    {/* @ts-expect-error: display is 'both', 'icon' or 'label' */}
    <share-button network="x" display="big" />
    {/* @ts-expect-error: the badge's prop is entity-id, its attribute, which server rendering writes as it is */}
    <shareablee-badge entityId="123" />
    {/* @ts-expect-error: apiKey would render as apikey on a server */}
    <share-button network="x" apiKey="key" />
  </>
);
