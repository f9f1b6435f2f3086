/** kerasm for Node (ESM and CommonJS): the public API, with the Node host installed. */
import { installHost } from './hosts/host';
import { nodeHost } from './hosts/node/node_host';

installHost(nodeHost);

export * from './index';
