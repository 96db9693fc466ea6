/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiled-in pool sizes, blocks per order. Platform makefiles set them
 * with -DRTKM_MPOOL_<order>=<blocks>; the mpool module parameter overrides
 * them at load.
 */
#ifndef RTKM_DEFAULTS_H
#define RTKM_DEFAULTS_H

#ifndef RTKM_MPOOL_0
#define RTKM_MPOOL_0 0
#endif
#ifndef RTKM_MPOOL_1
#define RTKM_MPOOL_1 0
#endif
#ifndef RTKM_MPOOL_2
#define RTKM_MPOOL_2 0
#endif
#ifndef RTKM_MPOOL_3
#define RTKM_MPOOL_3 0
#endif
#ifndef RTKM_MPOOL_4
#define RTKM_MPOOL_4 0
#endif
#ifndef RTKM_MPOOL_5
#define RTKM_MPOOL_5 0
#endif
#ifndef RTKM_MPOOL_6
#define RTKM_MPOOL_6 0
#endif
#ifndef RTKM_MPOOL_7
#define RTKM_MPOOL_7 0
#endif
#ifndef RTKM_MPOOL_8
#define RTKM_MPOOL_8 0
#endif

#endif /* RTKM_DEFAULTS_H */
