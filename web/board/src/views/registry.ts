import type { Tab } from '../state.js';
import { DeadUnitsView } from './dead-units.js';
import { distributionsView } from './distributions.js';
import { ExperimentsView } from './experiments.js';
import { histogramsView } from './histograms.js';
import { imagesView } from './images.js';
import { ScalarsView } from './scalars.js';
import { textView } from './texts.js';
import type { View } from './view.js';

/** Each tab's view: the board shows one at a time, an embedding page (embed.ts) the ones it picks. */
export const VIEWS: Record<Tab, () => View> = {
  scalars: () => new ScalarsView(),
  experiments: () => new ExperimentsView(),
  distributions: distributionsView,
  histograms: histogramsView,
  images: imagesView,
  text: textView,
  'dead units': () => new DeadUnitsView(),
};
