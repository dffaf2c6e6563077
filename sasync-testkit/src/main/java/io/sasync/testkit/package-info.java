/**
 * The sAsync test kit: what a dialect's own tests use to prove the dialect the way sAsync proves
 * its built-in ones. Add {@code io.sasync:sasync-testkit} to a dialect module with test scope.
 */
package io.sasync.testkit;
