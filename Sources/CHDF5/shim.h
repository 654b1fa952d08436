#ifndef HAMILTONIANSUITE_CHDF5_SHIM_H
#define HAMILTONIANSUITE_CHDF5_SHIM_H
// libhdf5 for Swift. Swift imports the functions of <hdf5.h> directly; it cannot import the macros that expand to
// casts or to globals initialised by H5open() (H5T_NATIVE_*, H5P_* class ids, H5F_ACC_* flags). Each such macro is
// re-exported below as a tiny function. Nothing else belongs here: all logic lives in the Swift `HDF5` module.
#include <hdf5.h>

// Default/"all" sentinels.
static inline hid_t chdf5_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_all(void) { return H5S_ALL; }
static inline hid_t chdf5_error_stack_default(void) { return H5E_DEFAULT; }
static inline size_t chdf5_variable_size(void) { return H5T_VARIABLE; }

// File access flags.
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_excl(void) { return H5F_ACC_EXCL; }

// Property list classes.
static inline hid_t chdf5_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t chdf5_attribute_create(void) { return H5P_ATTRIBUTE_CREATE; }

// Memory (native) element types.
static inline hid_t chdf5_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t chdf5_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t chdf5_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t chdf5_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }

// File (little-endian, portable) element types, as h5py writes them on x86-64 and arm64.
static inline hid_t chdf5_std_i8le(void) { return H5T_STD_I8LE; }
static inline hid_t chdf5_std_i16le(void) { return H5T_STD_I16LE; }
static inline hid_t chdf5_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t chdf5_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t chdf5_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t chdf5_std_u16le(void) { return H5T_STD_U16LE; }
static inline hid_t chdf5_std_u32le(void) { return H5T_STD_U32LE; }
static inline hid_t chdf5_std_u64le(void) { return H5T_STD_U64LE; }
static inline hid_t chdf5_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t chdf5_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_c_string(void) { return H5T_C_S1; }

#endif
