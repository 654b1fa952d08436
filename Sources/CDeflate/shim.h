#ifndef HAMILTONIANSUITE_CDEFLATE_SHIM_H
#define HAMILTONIANSUITE_CDEFLATE_SHIM_H
/* libdeflate (Debian: libdeflate-dev): whole-buffer DEFLATE, zlib and gzip compression, 2-4x faster than zlib at
   the same ratio. The HDF5 module's chunk compressor uses its zlib-format compressor. */
#include <libdeflate.h>
#endif
