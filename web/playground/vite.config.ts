import { webAppConfig } from '../shared/vite-app.js';

// The playground: built into dist/web/playground, which `nnlab playground` serves and any
// static file host can serve as it is.
export default webAppConfig('playground');
