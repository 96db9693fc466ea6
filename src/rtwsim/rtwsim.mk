# SPDX-License-Identifier: GPL-2.0
# rtwsim, the Wi-Fi module; included by src/Kbuild, which sets CONFIG_RTKM
# and RTKM_OBJS. With CONFIG_RTKM=y RTKM is linked into rtwsim.ko.

obj-m += rtwsim.o
rtwsim-y := rtwsim/main.o rtwsim/mem.o rtwsim/fw.o rtwsim/wiphy.o \
	    rtwsim/stats.o rtwsim/air.o rtwsim/frame.o rtwsim/ap.o \
	    rtwsim/ap_ies.o rtwsim/pmk.o rtwsim/sta.o rtwsim/scan.o \
	    rtwsim/connect.o rtwsim/uplink.o rtwsim/proc.o

ifeq ($(CONFIG_RTKM),y)
rtwsim-y += $(RTKM_OBJS)
endif
