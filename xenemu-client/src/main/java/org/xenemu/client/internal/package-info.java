/**
 * What the client's packages share and users do not call: public only because Java has no
 * visibility between sibling packages. May change in any release.
 */
package org.xenemu.client.internal;
