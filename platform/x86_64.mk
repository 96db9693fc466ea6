# x86_64 desktop or laptop: memory is plentiful, and a user may plug in a
# second adapter or keep a second interface up.  The pools hold two
# adapters' probe-time buffers and two stations' rings, about 2.7 MiB.
#
# Order 1 (8 KiB):   2 interfaces x 4 rings + 2 stations x 8 rings = 24
# Order 3 (32 KiB):  2 adapters x (16 xmit + 8 recv buffers)      = 48
# Order 7 (512 KiB): 2 adapters x 1 firmware image                 = 2
CONFIG_RTKM ?= m
RTKM_MPOOL_0 ?= 0
RTKM_MPOOL_1 ?= 24
RTKM_MPOOL_2 ?= 0
RTKM_MPOOL_3 ?= 48
RTKM_MPOOL_4 ?= 0
RTKM_MPOOL_5 ?= 0
RTKM_MPOOL_6 ?= 0
RTKM_MPOOL_7 ?= 2
RTKM_MPOOL_8 ?= 0
