package org.xenemu.xenstore.wire;

/**
 * C xenstored 4.17's dispatch table {@code wire_funcs} ({@code tools/xenstore/xenstored_core.c},
 * RELEASE-4.17.7) and the order in which its {@code process_message} applies it; {@link WireSession}
 * follows both. For every request C checks, in this order:
 * <ol>
 *   <li>the type has a handler, else {@code ENOSYS} (unknown numbers, WATCH_EVENT 15, ERROR 16 and
 *       the removed RESTRICT 20);</li>
 *   <li>{@code XS_FLAG_PRIV}: an unprivileged connection gets {@code EACCES} — before the
 *       transaction is looked up, so a guest's INTRODUCE naming a stale transaction is EACCES;</li>
 *   <li>unless {@code XS_FLAG_NOTID}: {@code transaction_lookup} of the header's tx_id; non-zero
 *       and not open on this connection is {@code ENOENT}, before any argument is parsed;</li>
 *   <li>the handler, which checks its arguments.</li>
 * </ol>
 * <table>
 *   <caption>wire_funcs of C xenstored 4.17</caption>
 *   <tr><th>type</th><th>operation</th><th>privileged only</th><th>tx_id looked up</th><th>uses the transaction</th></tr>
 *   <tr><td>0</td><td>CONTROL</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>1</td><td>DIRECTORY</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>2</td><td>READ</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>3</td><td>GET_PERMS</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>4</td><td>WATCH</td><td></td><td>no (NOTID)</td><td>no</td></tr>
 *   <tr><td>5</td><td>UNWATCH</td><td></td><td>no (NOTID)</td><td>no</td></tr>
 *   <tr><td>6</td><td>TRANSACTION_START</td><td></td><td>yes</td><td>EBUSY when set</td></tr>
 *   <tr><td>7</td><td>TRANSACTION_END</td><td></td><td>yes</td><td>yes (ENOENT when 0, after the T/F check)</td></tr>
 *   <tr><td>8</td><td>INTRODUCE</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>9</td><td>RELEASE</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>10</td><td>GET_DOMAIN_PATH</td><td></td><td>yes</td><td>no</td></tr>
 *   <tr><td>11</td><td>WRITE</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>12</td><td>MKDIR</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>13</td><td>RM</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>14</td><td>SET_PERMS</td><td></td><td>yes</td><td>yes</td></tr>
 *   <tr><td>15, 16</td><td>WATCH_EVENT, ERROR</td><td colspan="3">no handler: ENOSYS</td></tr>
 *   <tr><td>17</td><td>IS_DOMAIN_INTRODUCED</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>18</td><td>RESUME</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>19</td><td>SET_TARGET</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>20</td><td>(RESTRICT, removed)</td><td colspan="3">no handler: ENOSYS</td></tr>
 *   <tr><td>21</td><td>RESET_WATCHES</td><td></td><td>yes</td><td>no (ends every transaction)</td></tr>
 *   <tr><td>22</td><td>DIRECTORY_PART</td><td></td><td>yes</td><td>yes</td></tr>
 * </table>
 * So WATCH and UNWATCH answer as if the header said 0 (the reply still echoes the request's
 * tx_id), and every other operation with a handler answers ENOENT to a transaction this
 * connection has not open, even those that then ignore it.
 */
final class WireOps {
    private WireOps() {
    }

    /** Has a handler in {@code wire_funcs}; everything else is ENOSYS. */
    static boolean isRequest(int type) {
        return type >= XsType.CONTROL && type <= XsType.DIRECTORY_PART && type != XsType.WATCH_EVENT
            && type != XsType.ERROR && type != 20;
    }

    /** {@code XS_FLAG_PRIV}: EACCES for unprivileged connections. */
    static boolean privilegedOnly(int type) {
        return switch (type) {
            case XsType.CONTROL, XsType.INTRODUCE, XsType.RELEASE, XsType.IS_DOMAIN_INTRODUCED,
                 XsType.RESUME, XsType.SET_TARGET -> true;
            default -> false;
        };
    }

    /** Not {@code XS_FLAG_NOTID}: the header's tx_id is looked up (ENOENT when not open). */
    static boolean looksUpTransaction(int type) {
        return type != XsType.WATCH && type != XsType.UNWATCH;
    }
}
