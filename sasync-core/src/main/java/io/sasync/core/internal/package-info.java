/**
 * Implementation details of {@code sasync-core}: the priority task queue, pooling, sessions, row
 * streams and the {@code @Transact} interceptor. Not part of the API; may change in any release.
 */
package io.sasync.core.internal;
