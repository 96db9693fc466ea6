# arm64 board (Raspberry Pi class, 4 KiB pages): little memory and one
# adapter on the board's USB port.  The pools hold exactly the Wi-Fi
# module's default shape with one connected station, about 1.4 MiB.
#
# Order 1 (8 KiB):   1 interface x 4 rings + 1 station x 8 rings = 12
# Order 3 (32 KiB):  16 xmit + 8 recv buffers                     = 24
# Order 7 (512 KiB): 1 firmware image                             = 1
CONFIG_RTKM ?= m
RTKM_MPOOL_0 ?= 0
RTKM_MPOOL_1 ?= 12
RTKM_MPOOL_2 ?= 0
RTKM_MPOOL_3 ?= 24
RTKM_MPOOL_4 ?= 0
RTKM_MPOOL_5 ?= 0
RTKM_MPOOL_6 ?= 0
RTKM_MPOOL_7 ?= 1
RTKM_MPOOL_8 ?= 0
