/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SHIM_LINUX_KSTRTOX_H
#define SHIM_LINUX_KSTRTOX_H

/* Same contract as the kernel's: whole string, one optional '\n'. */
int kstrtouint(const char *s, unsigned int base, unsigned int *res);

#endif
