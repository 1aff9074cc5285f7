export { observeCollection, observeCollectionFailure, observeSourceRequest, type CollectionObservation } from './observe';
export { getMetrics } from './registry';
export { refreshSnapshotGauges } from './snapshot-gauges';
