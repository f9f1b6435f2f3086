/**
 * kerasm for browsers, pages and Web Workers alike: the public API, with the web host installed.
 * The engine is fetched, so `await init()` comes before the first model.
 */
import { installHost } from './hosts/host';
import { webHost } from './hosts/web/web_host';

installHost(webHost);

export * from './index';
