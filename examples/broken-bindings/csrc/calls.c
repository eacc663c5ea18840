#include "calls.h"

struct rt_point point_echo(struct rt_point p) { return p; }
void small_copy_v1(const struct rt_small *in, struct rt_small_v1 *out) { out->a = in->a; }
void point_copy(struct rt_point *out, const struct rt_point *in) { *out = *in; }
void small_copy(struct rt_small in, struct rt_small *out) { *out = in; }
void big_copy(struct rt_big in, struct rt_big *out) { *out = in; }
struct rt_point point_echo_ok(struct rt_point p) { return p; }
void msg_copy(const struct rt_msg *in, struct rt_msg *out) {
    out->flags = in->flags;
    if ((in->flags & RT_MSG_KIND) != RT_MSG_EMPTY)
        out->payload = in->payload;
}
void big_copy_ok(const struct rt_big *in, struct rt_big *out) { *out = *in; }
