import { webAppConfig } from '../shared/vite-app.js';

// The dashboard's web app: built into dist/web/board, which `nnlab board` serves.
export default webAppConfig('board');
