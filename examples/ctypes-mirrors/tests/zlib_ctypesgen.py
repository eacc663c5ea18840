r"""Wrapper for zlib.h

Generated with:
ctypesgen -lz /usr/include/zlib.h -o tests/zlib_ctypesgen.py  (ctypesgen 1.1.1; regenerate.sh)

Do not modify this file.
"""

__docformat__ = "restructuredtext"

# Begin preamble for Python

import ctypes
import sys
from ctypes import *  # noqa: F401, F403

_int_types = (ctypes.c_int16, ctypes.c_int32)
if hasattr(ctypes, "c_int64"):
    # Some builds of ctypes apparently do not have ctypes.c_int64
    # defined; it's a pretty good bet that these builds do not
    # have 64-bit pointers.
    _int_types += (ctypes.c_int64,)
for t in _int_types:
    if ctypes.sizeof(t) == ctypes.sizeof(ctypes.c_size_t):
        c_ptrdiff_t = t
del t
del _int_types



class UserString:
    def __init__(self, seq):
        if isinstance(seq, bytes):
            self.data = seq
        elif isinstance(seq, UserString):
            self.data = seq.data[:]
        else:
            self.data = str(seq).encode()

    def __bytes__(self):
        return self.data

    def __str__(self):
        return self.data.decode()

    def __repr__(self):
        return repr(self.data)

    def __int__(self):
        return int(self.data.decode())

    def __long__(self):
        return int(self.data.decode())

    def __float__(self):
        return float(self.data.decode())

    def __complex__(self):
        return complex(self.data.decode())

    def __hash__(self):
        return hash(self.data)

    def __le__(self, string):
        if isinstance(string, UserString):
            return self.data <= string.data
        else:
            return self.data <= string

    def __lt__(self, string):
        if isinstance(string, UserString):
            return self.data < string.data
        else:
            return self.data < string

    def __ge__(self, string):
        if isinstance(string, UserString):
            return self.data >= string.data
        else:
            return self.data >= string

    def __gt__(self, string):
        if isinstance(string, UserString):
            return self.data > string.data
        else:
            return self.data > string

    def __eq__(self, string):
        if isinstance(string, UserString):
            return self.data == string.data
        else:
            return self.data == string

    def __ne__(self, string):
        if isinstance(string, UserString):
            return self.data != string.data
        else:
            return self.data != string

    def __contains__(self, char):
        return char in self.data

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        return self.__class__(self.data[index])

    def __getslice__(self, start, end):
        start = max(start, 0)
        end = max(end, 0)
        return self.__class__(self.data[start:end])

    def __add__(self, other):
        if isinstance(other, UserString):
            return self.__class__(self.data + other.data)
        elif isinstance(other, bytes):
            return self.__class__(self.data + other)
        else:
            return self.__class__(self.data + str(other).encode())

    def __radd__(self, other):
        if isinstance(other, bytes):
            return self.__class__(other + self.data)
        else:
            return self.__class__(str(other).encode() + self.data)

    def __mul__(self, n):
        return self.__class__(self.data * n)

    __rmul__ = __mul__

    def __mod__(self, args):
        return self.__class__(self.data % args)

    # the following methods are defined in alphabetical order:
    def capitalize(self):
        return self.__class__(self.data.capitalize())

    def center(self, width, *args):
        return self.__class__(self.data.center(width, *args))

    def count(self, sub, start=0, end=sys.maxsize):
        return self.data.count(sub, start, end)

    def decode(self, encoding=None, errors=None):  # XXX improve this?
        if encoding:
            if errors:
                return self.__class__(self.data.decode(encoding, errors))
            else:
                return self.__class__(self.data.decode(encoding))
        else:
            return self.__class__(self.data.decode())

    def encode(self, encoding=None, errors=None):  # XXX improve this?
        if encoding:
            if errors:
                return self.__class__(self.data.encode(encoding, errors))
            else:
                return self.__class__(self.data.encode(encoding))
        else:
            return self.__class__(self.data.encode())

    def endswith(self, suffix, start=0, end=sys.maxsize):
        return self.data.endswith(suffix, start, end)

    def expandtabs(self, tabsize=8):
        return self.__class__(self.data.expandtabs(tabsize))

    def find(self, sub, start=0, end=sys.maxsize):
        return self.data.find(sub, start, end)

    def index(self, sub, start=0, end=sys.maxsize):
        return self.data.index(sub, start, end)

    def isalpha(self):
        return self.data.isalpha()

    def isalnum(self):
        return self.data.isalnum()

    def isdecimal(self):
        return self.data.isdecimal()

    def isdigit(self):
        return self.data.isdigit()

    def islower(self):
        return self.data.islower()

    def isnumeric(self):
        return self.data.isnumeric()

    def isspace(self):
        return self.data.isspace()

    def istitle(self):
        return self.data.istitle()

    def isupper(self):
        return self.data.isupper()

    def join(self, seq):
        return self.data.join(seq)

    def ljust(self, width, *args):
        return self.__class__(self.data.ljust(width, *args))

    def lower(self):
        return self.__class__(self.data.lower())

    def lstrip(self, chars=None):
        return self.__class__(self.data.lstrip(chars))

    def partition(self, sep):
        return self.data.partition(sep)

    def replace(self, old, new, maxsplit=-1):
        return self.__class__(self.data.replace(old, new, maxsplit))

    def rfind(self, sub, start=0, end=sys.maxsize):
        return self.data.rfind(sub, start, end)

    def rindex(self, sub, start=0, end=sys.maxsize):
        return self.data.rindex(sub, start, end)

    def rjust(self, width, *args):
        return self.__class__(self.data.rjust(width, *args))

    def rpartition(self, sep):
        return self.data.rpartition(sep)

    def rstrip(self, chars=None):
        return self.__class__(self.data.rstrip(chars))

    def split(self, sep=None, maxsplit=-1):
        return self.data.split(sep, maxsplit)

    def rsplit(self, sep=None, maxsplit=-1):
        return self.data.rsplit(sep, maxsplit)

    def splitlines(self, keepends=0):
        return self.data.splitlines(keepends)

    def startswith(self, prefix, start=0, end=sys.maxsize):
        return self.data.startswith(prefix, start, end)

    def strip(self, chars=None):
        return self.__class__(self.data.strip(chars))

    def swapcase(self):
        return self.__class__(self.data.swapcase())

    def title(self):
        return self.__class__(self.data.title())

    def translate(self, *args):
        return self.__class__(self.data.translate(*args))

    def upper(self):
        return self.__class__(self.data.upper())

    def zfill(self, width):
        return self.__class__(self.data.zfill(width))


class MutableString(UserString):
    """mutable string objects

    Python strings are immutable objects.  This has the advantage, that
    strings may be used as dictionary keys.  If this property isn't needed
    and you insist on changing string values in place instead, you may cheat
    and use MutableString.

    But the purpose of this class is an educational one: to prevent
    people from inventing their own mutable string class derived
    from UserString and than forget thereby to remove (override) the
    __hash__ method inherited from UserString.  This would lead to
    errors that would be very hard to track down.

    A faster and better solution is to rewrite your program using lists."""

    def __init__(self, string=""):
        self.data = string

    def __hash__(self):
        raise TypeError("unhashable type (it is mutable)")

    def __setitem__(self, index, sub):
        if index < 0:
            index += len(self.data)
        if index < 0 or index >= len(self.data):
            raise IndexError
        self.data = self.data[:index] + sub + self.data[index + 1 :]

    def __delitem__(self, index):
        if index < 0:
            index += len(self.data)
        if index < 0 or index >= len(self.data):
            raise IndexError
        self.data = self.data[:index] + self.data[index + 1 :]

    def __setslice__(self, start, end, sub):
        start = max(start, 0)
        end = max(end, 0)
        if isinstance(sub, UserString):
            self.data = self.data[:start] + sub.data + self.data[end:]
        elif isinstance(sub, bytes):
            self.data = self.data[:start] + sub + self.data[end:]
        else:
            self.data = self.data[:start] + str(sub).encode() + self.data[end:]

    def __delslice__(self, start, end):
        start = max(start, 0)
        end = max(end, 0)
        self.data = self.data[:start] + self.data[end:]

    def immutable(self):
        return UserString(self.data)

    def __iadd__(self, other):
        if isinstance(other, UserString):
            self.data += other.data
        elif isinstance(other, bytes):
            self.data += other
        else:
            self.data += str(other).encode()
        return self

    def __imul__(self, n):
        self.data *= n
        return self


class String(MutableString, ctypes.Union):

    _fields_ = [("raw", ctypes.POINTER(ctypes.c_char)), ("data", ctypes.c_char_p)]

    def __init__(self, obj=b""):
        if isinstance(obj, (bytes, UserString)):
            self.data = bytes(obj)
        else:
            self.raw = obj

    def __len__(self):
        return self.data and len(self.data) or 0

    def from_param(cls, obj):
        # Convert None or 0
        if obj is None or obj == 0:
            return cls(ctypes.POINTER(ctypes.c_char)())

        # Convert from String
        elif isinstance(obj, String):
            return obj

        # Convert from bytes
        elif isinstance(obj, bytes):
            return cls(obj)

        # Convert from str
        elif isinstance(obj, str):
            return cls(obj.encode())

        # Convert from c_char_p
        elif isinstance(obj, ctypes.c_char_p):
            return obj

        # Convert from POINTER(ctypes.c_char)
        elif isinstance(obj, ctypes.POINTER(ctypes.c_char)):
            return obj

        # Convert from raw pointer
        elif isinstance(obj, int):
            return cls(ctypes.cast(obj, ctypes.POINTER(ctypes.c_char)))

        # Convert from ctypes.c_char array
        elif isinstance(obj, ctypes.c_char * len(obj)):
            return obj

        # Convert from object
        else:
            return String.from_param(obj._as_parameter_)

    from_param = classmethod(from_param)


def ReturnString(obj, func=None, arguments=None):
    return String.from_param(obj)


# As of ctypes 1.0, ctypes does not support custom error-checking
# functions on callbacks, nor does it support custom datatypes on
# callbacks, so we must ensure that all callbacks return
# primitive datatypes.
#
# Non-primitive return values wrapped with UNCHECKED won't be
# typechecked, and will be converted to ctypes.c_void_p.
def UNCHECKED(type):
    if hasattr(type, "_type_") and isinstance(type._type_, str) and type._type_ != "P":
        return type
    else:
        return ctypes.c_void_p


# ctypes doesn't have direct support for variadic functions, so we have to write
# our own wrapper class
class _variadic_function(object):
    def __init__(self, func, restype, argtypes, errcheck):
        self.func = func
        self.func.restype = restype
        self.argtypes = argtypes
        if errcheck:
            self.func.errcheck = errcheck

    def _as_parameter_(self):
        # So we can pass this variadic function as a function pointer
        return self.func

    def __call__(self, *args):
        fixed_args = []
        i = 0
        for argtype in self.argtypes:
            # Typecheck what we can
            fixed_args.append(argtype.from_param(args[i]))
            i += 1
        return self.func(*fixed_args + list(args[i:]))


def ord_if_char(value):
    """
    Simple helper used for casts to simple builtin types:  if the argument is a
    string type, it will be converted to it's ordinal value.

    This function will raise an exception if the argument is string with more
    than one characters.
    """
    return ord(value) if (isinstance(value, bytes) or isinstance(value, str)) else value

# End preamble

_libs = {}
_libdirs = []

# Begin loader

"""
Load libraries - appropriately for all our supported platforms
"""
# ----------------------------------------------------------------------------
# Copyright (c) 2008 David James
# Copyright (c) 2006-2008 Alex Holkner
# All rights reserved.
#
# Redistribution and use in source and binary forms, with or without
# modification, are permitted provided that the following conditions
# are met:
#
#  * Redistributions of source code must retain the above copyright
#    notice, this list of conditions and the following disclaimer.
#  * Redistributions in binary form must reproduce the above copyright
#    notice, this list of conditions and the following disclaimer in
#    the documentation and/or other materials provided with the
#    distribution.
#  * Neither the name of pyglet nor the names of its
#    contributors may be used to endorse or promote products
#    derived from this software without specific prior written
#    permission.
#
# THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
# "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
# LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS
# FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
# COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT,
# INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING,
# BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
# LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
# CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
# LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN
# ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
# POSSIBILITY OF SUCH DAMAGE.
# ----------------------------------------------------------------------------

import ctypes
import ctypes.util
import glob
import os.path
import platform
import re
import sys


def _environ_path(name):
    """Split an environment variable into a path-like list elements"""
    if name in os.environ:
        return os.environ[name].split(":")
    return []


class LibraryLoader:
    """
    A base class For loading of libraries ;-)
    Subclasses load libraries for specific platforms.
    """

    # library names formatted specifically for platforms
    name_formats = ["%s"]

    class Lookup:
        """Looking up calling conventions for a platform"""

        mode = ctypes.DEFAULT_MODE

        def __init__(self, path):
            super(LibraryLoader.Lookup, self).__init__()
            self.access = dict(cdecl=ctypes.CDLL(path, self.mode))

        def get(self, name, calling_convention="cdecl"):
            """Return the given name according to the selected calling convention"""
            if calling_convention not in self.access:
                raise LookupError(
                    "Unknown calling convention '{}' for function '{}'".format(
                        calling_convention, name
                    )
                )
            return getattr(self.access[calling_convention], name)

        def has(self, name, calling_convention="cdecl"):
            """Return True if this given calling convention finds the given 'name'"""
            if calling_convention not in self.access:
                return False
            return hasattr(self.access[calling_convention], name)

        def __getattr__(self, name):
            return getattr(self.access["cdecl"], name)

    def __init__(self):
        self.other_dirs = []

    def __call__(self, libname):
        """Given the name of a library, load it."""
        paths = self.getpaths(libname)

        for path in paths:
            # noinspection PyBroadException
            try:
                return self.Lookup(path)
            except Exception:  # pylint: disable=broad-except
                pass

        raise ImportError("Could not load %s." % libname)

    def getpaths(self, libname):
        """Return a list of paths where the library might be found."""
        if os.path.isabs(libname):
            yield libname
        else:
            # search through a prioritized series of locations for the library

            # we first search any specific directories identified by user
            for dir_i in self.other_dirs:
                for fmt in self.name_formats:
                    # dir_i should be absolute already
                    yield os.path.join(dir_i, fmt % libname)

            # check if this code is even stored in a physical file
            try:
                this_file = __file__
            except NameError:
                this_file = None

            # then we search the directory where the generated python interface is stored
            if this_file is not None:
                for fmt in self.name_formats:
                    yield os.path.abspath(os.path.join(os.path.dirname(__file__), fmt % libname))

            # now, use the ctypes tools to try to find the library
            for fmt in self.name_formats:
                path = ctypes.util.find_library(fmt % libname)
                if path:
                    yield path

            # then we search all paths identified as platform-specific lib paths
            for path in self.getplatformpaths(libname):
                yield path

            # Finally, we'll try the users current working directory
            for fmt in self.name_formats:
                yield os.path.abspath(os.path.join(os.path.curdir, fmt % libname))

    def getplatformpaths(self, _libname):  # pylint: disable=no-self-use
        """Return all the library paths available in this platform"""
        return []


# Darwin (Mac OS X)


class DarwinLibraryLoader(LibraryLoader):
    """Library loader for MacOS"""

    name_formats = [
        "lib%s.dylib",
        "lib%s.so",
        "lib%s.bundle",
        "%s.dylib",
        "%s.so",
        "%s.bundle",
        "%s",
    ]

    class Lookup(LibraryLoader.Lookup):
        """
        Looking up library files for this platform (Darwin aka MacOS)
        """

        # Darwin requires dlopen to be called with mode RTLD_GLOBAL instead
        # of the default RTLD_LOCAL.  Without this, you end up with
        # libraries not being loadable, resulting in "Symbol not found"
        # errors
        mode = ctypes.RTLD_GLOBAL

    def getplatformpaths(self, libname):
        if os.path.pathsep in libname:
            names = [libname]
        else:
            names = [fmt % libname for fmt in self.name_formats]

        for directory in self.getdirs(libname):
            for name in names:
                yield os.path.join(directory, name)

    @staticmethod
    def getdirs(libname):
        """Implements the dylib search as specified in Apple documentation:

        http://developer.apple.com/documentation/DeveloperTools/Conceptual/
            DynamicLibraries/Articles/DynamicLibraryUsageGuidelines.html

        Before commencing the standard search, the method first checks
        the bundle's ``Frameworks`` directory if the application is running
        within a bundle (OS X .app).
        """

        dyld_fallback_library_path = _environ_path("DYLD_FALLBACK_LIBRARY_PATH")
        if not dyld_fallback_library_path:
            dyld_fallback_library_path = [
                os.path.expanduser("~/lib"),
                "/usr/local/lib",
                "/usr/lib",
            ]

        dirs = []

        if "/" in libname:
            dirs.extend(_environ_path("DYLD_LIBRARY_PATH"))
        else:
            dirs.extend(_environ_path("LD_LIBRARY_PATH"))
            dirs.extend(_environ_path("DYLD_LIBRARY_PATH"))
            dirs.extend(_environ_path("LD_RUN_PATH"))

        if hasattr(sys, "frozen") and getattr(sys, "frozen") == "macosx_app":
            dirs.append(os.path.join(os.environ["RESOURCEPATH"], "..", "Frameworks"))

        dirs.extend(dyld_fallback_library_path)

        return dirs


# Posix


class PosixLibraryLoader(LibraryLoader):
    """Library loader for POSIX-like systems (including Linux)"""

    _ld_so_cache = None

    _include = re.compile(r"^\s*include\s+(?P<pattern>.*)")

    name_formats = ["lib%s.so", "%s.so", "%s"]

    class _Directories(dict):
        """Deal with directories"""

        def __init__(self):
            dict.__init__(self)
            self.order = 0

        def add(self, directory):
            """Add a directory to our current set of directories"""
            if len(directory) > 1:
                directory = directory.rstrip(os.path.sep)
            # only adds and updates order if exists and not already in set
            if not os.path.exists(directory):
                return
            order = self.setdefault(directory, self.order)
            if order == self.order:
                self.order += 1

        def extend(self, directories):
            """Add a list of directories to our set"""
            for a_dir in directories:
                self.add(a_dir)

        def ordered(self):
            """Sort the list of directories"""
            return (i[0] for i in sorted(self.items(), key=lambda d: d[1]))

    def _get_ld_so_conf_dirs(self, conf, dirs):
        """
        Recursive function to help parse all ld.so.conf files, including proper
        handling of the `include` directive.
        """

        try:
            with open(conf) as fileobj:
                for dirname in fileobj:
                    dirname = dirname.strip()
                    if not dirname:
                        continue

                    match = self._include.match(dirname)
                    if not match:
                        dirs.add(dirname)
                    else:
                        for dir2 in glob.glob(match.group("pattern")):
                            self._get_ld_so_conf_dirs(dir2, dirs)
        except IOError:
            pass

    def _create_ld_so_cache(self):
        # Recreate search path followed by ld.so.  This is going to be
        # slow to build, and incorrect (ld.so uses ld.so.cache, which may
        # not be up-to-date).  Used only as fallback for distros without
        # /sbin/ldconfig.
        #
        # We assume the DT_RPATH and DT_RUNPATH binary sections are omitted.

        directories = self._Directories()
        for name in (
            "LD_LIBRARY_PATH",
            "SHLIB_PATH",  # HP-UX
            "LIBPATH",  # OS/2, AIX
            "LIBRARY_PATH",  # BE/OS
        ):
            if name in os.environ:
                directories.extend(os.environ[name].split(os.pathsep))

        self._get_ld_so_conf_dirs("/etc/ld.so.conf", directories)

        bitage = platform.architecture()[0]

        unix_lib_dirs_list = []
        if bitage.startswith("64"):
            # prefer 64 bit if that is our arch
            unix_lib_dirs_list += ["/lib64", "/usr/lib64"]

        # must include standard libs, since those paths are also used by 64 bit
        # installs
        unix_lib_dirs_list += ["/lib", "/usr/lib"]
        if sys.platform.startswith("linux"):
            # Try and support multiarch work in Ubuntu
            # https://wiki.ubuntu.com/MultiarchSpec
            if bitage.startswith("32"):
                # Assume Intel/AMD x86 compat
                unix_lib_dirs_list += ["/lib/i386-linux-gnu", "/usr/lib/i386-linux-gnu"]
            elif bitage.startswith("64"):
                # Assume Intel/AMD x86 compatible
                unix_lib_dirs_list += [
                    "/lib/x86_64-linux-gnu",
                    "/usr/lib/x86_64-linux-gnu",
                ]
            else:
                # guess...
                unix_lib_dirs_list += glob.glob("/lib/*linux-gnu")
        directories.extend(unix_lib_dirs_list)

        cache = {}
        lib_re = re.compile(r"lib(.*)\.s[ol]")
        # ext_re = re.compile(r"\.s[ol]$")
        for our_dir in directories.ordered():
            try:
                for path in glob.glob("%s/*.s[ol]*" % our_dir):
                    file = os.path.basename(path)

                    # Index by filename
                    cache_i = cache.setdefault(file, set())
                    cache_i.add(path)

                    # Index by library name
                    match = lib_re.match(file)
                    if match:
                        library = match.group(1)
                        cache_i = cache.setdefault(library, set())
                        cache_i.add(path)
            except OSError:
                pass

        self._ld_so_cache = cache

    def getplatformpaths(self, libname):
        if self._ld_so_cache is None:
            self._create_ld_so_cache()

        result = self._ld_so_cache.get(libname, set())
        for i in result:
            # we iterate through all found paths for library, since we may have
            # actually found multiple architectures or other library types that
            # may not load
            yield i


# Windows


class WindowsLibraryLoader(LibraryLoader):
    """Library loader for Microsoft Windows"""

    name_formats = ["%s.dll", "lib%s.dll", "%slib.dll", "%s"]

    class Lookup(LibraryLoader.Lookup):
        """Lookup class for Windows libraries..."""

        def __init__(self, path):
            super(WindowsLibraryLoader.Lookup, self).__init__(path)
            self.access["stdcall"] = ctypes.windll.LoadLibrary(path)


# Platform switching

# If your value of sys.platform does not appear in this dict, please contact
# the Ctypesgen maintainers.

loaderclass = {
    "darwin": DarwinLibraryLoader,
    "cygwin": WindowsLibraryLoader,
    "win32": WindowsLibraryLoader,
    "msys": WindowsLibraryLoader,
}

load_library = loaderclass.get(sys.platform, PosixLibraryLoader)()


def add_library_search_dirs(other_dirs):
    """
    Add libraries to search paths.
    If library paths are relative, convert them to absolute with respect to this
    file's directory
    """
    for path in other_dirs:
        if not os.path.isabs(path):
            path = os.path.abspath(path)
        load_library.other_dirs.append(path)


del loaderclass

# End loader

add_library_search_dirs([])

# Begin libraries
_libs["z"] = load_library("z")

# 1 libraries
# End libraries

# No modules

z_size_t = c_size_t# /usr/include/zconf.h: 251

Byte = c_ubyte# /usr/include/zconf.h: 397

uInt = c_uint# /usr/include/zconf.h: 399

uLong = c_ulong# /usr/include/zconf.h: 400

Bytef = Byte# /usr/include/zconf.h: 406

uLongf = uLong# /usr/include/zconf.h: 411

voidpc = POINTER(None)# /usr/include/zconf.h: 414

voidpf = POINTER(None)# /usr/include/zconf.h: 415

voidp = POINTER(None)# /usr/include/zconf.h: 416

z_crc_t = c_uint# /usr/include/zconf.h: 435

__off_t = c_long# /usr/include/x86_64-linux-gnu/bits/types.h: 152

off_t = __off_t# /usr/include/x86_64-linux-gnu/sys/types.h: 85

alloc_func = CFUNCTYPE(UNCHECKED(voidpf), voidpf, uInt, uInt)# /usr/include/zlib.h: 81

free_func = CFUNCTYPE(UNCHECKED(None), voidpf, voidpf)# /usr/include/zlib.h: 82

# /usr/include/zlib.h: 84
class struct_internal_state(Structure):
    pass

# /usr/include/zlib.h: 106
class struct_z_stream_s(Structure):
    pass

struct_z_stream_s.__slots__ = [
    'next_in',
    'avail_in',
    'total_in',
    'next_out',
    'avail_out',
    'total_out',
    'msg',
    'state',
    'zalloc',
    'zfree',
    'opaque',
    'data_type',
    'adler',
    'reserved',
]
struct_z_stream_s._fields_ = [
    ('next_in', POINTER(Bytef)),
    ('avail_in', uInt),
    ('total_in', uLong),
    ('next_out', POINTER(Bytef)),
    ('avail_out', uInt),
    ('total_out', uLong),
    ('msg', String),
    ('state', POINTER(struct_internal_state)),
    ('zalloc', alloc_func),
    ('zfree', free_func),
    ('opaque', voidpf),
    ('data_type', c_int),
    ('adler', uLong),
    ('reserved', uLong),
]

z_stream = struct_z_stream_s# /usr/include/zlib.h: 106

z_streamp = POINTER(z_stream)# /usr/include/zlib.h: 108

# /usr/include/zlib.h: 129
class struct_gz_header_s(Structure):
    pass

struct_gz_header_s.__slots__ = [
    'text',
    'time',
    'xflags',
    'os',
    'extra',
    'extra_len',
    'extra_max',
    'name',
    'name_max',
    'comment',
    'comm_max',
    'hcrc',
    'done',
]
struct_gz_header_s._fields_ = [
    ('text', c_int),
    ('time', uLong),
    ('xflags', c_int),
    ('os', c_int),
    ('extra', POINTER(Bytef)),
    ('extra_len', uInt),
    ('extra_max', uInt),
    ('name', POINTER(Bytef)),
    ('name_max', uInt),
    ('comment', POINTER(Bytef)),
    ('comm_max', uInt),
    ('hcrc', c_int),
    ('done', c_int),
]

gz_header = struct_gz_header_s# /usr/include/zlib.h: 129

gz_headerp = POINTER(gz_header)# /usr/include/zlib.h: 131

# /usr/include/zlib.h: 220
if _libs["z"].has("zlibVersion", "cdecl"):
    zlibVersion = _libs["z"].get("zlibVersion", "cdecl")
    zlibVersion.argtypes = []
    zlibVersion.restype = c_char_p

# /usr/include/zlib.h: 250
if _libs["z"].has("deflate", "cdecl"):
    deflate = _libs["z"].get("deflate", "cdecl")
    deflate.argtypes = [z_streamp, c_int]
    deflate.restype = c_int

# /usr/include/zlib.h: 363
if _libs["z"].has("deflateEnd", "cdecl"):
    deflateEnd = _libs["z"].get("deflateEnd", "cdecl")
    deflateEnd.argtypes = [z_streamp]
    deflateEnd.restype = c_int

# /usr/include/zlib.h: 400
if _libs["z"].has("inflate", "cdecl"):
    inflate = _libs["z"].get("inflate", "cdecl")
    inflate.argtypes = [z_streamp, c_int]
    inflate.restype = c_int

# /usr/include/zlib.h: 520
if _libs["z"].has("inflateEnd", "cdecl"):
    inflateEnd = _libs["z"].get("inflateEnd", "cdecl")
    inflateEnd.argtypes = [z_streamp]
    inflateEnd.restype = c_int

# /usr/include/zlib.h: 610
if _libs["z"].has("deflateSetDictionary", "cdecl"):
    deflateSetDictionary = _libs["z"].get("deflateSetDictionary", "cdecl")
    deflateSetDictionary.argtypes = [z_streamp, POINTER(Bytef), uInt]
    deflateSetDictionary.restype = c_int

# /usr/include/zlib.h: 654
if _libs["z"].has("deflateGetDictionary", "cdecl"):
    deflateGetDictionary = _libs["z"].get("deflateGetDictionary", "cdecl")
    deflateGetDictionary.argtypes = [z_streamp, POINTER(Bytef), POINTER(uInt)]
    deflateGetDictionary.restype = c_int

# /usr/include/zlib.h: 676
if _libs["z"].has("deflateCopy", "cdecl"):
    deflateCopy = _libs["z"].get("deflateCopy", "cdecl")
    deflateCopy.argtypes = [z_streamp, z_streamp]
    deflateCopy.restype = c_int

# /usr/include/zlib.h: 694
if _libs["z"].has("deflateReset", "cdecl"):
    deflateReset = _libs["z"].get("deflateReset", "cdecl")
    deflateReset.argtypes = [z_streamp]
    deflateReset.restype = c_int

# /usr/include/zlib.h: 705
if _libs["z"].has("deflateParams", "cdecl"):
    deflateParams = _libs["z"].get("deflateParams", "cdecl")
    deflateParams.argtypes = [z_streamp, c_int, c_int]
    deflateParams.restype = c_int

# /usr/include/zlib.h: 743
if _libs["z"].has("deflateTune", "cdecl"):
    deflateTune = _libs["z"].get("deflateTune", "cdecl")
    deflateTune.argtypes = [z_streamp, c_int, c_int, c_int, c_int]
    deflateTune.restype = c_int

# /usr/include/zlib.h: 760
if _libs["z"].has("deflateBound", "cdecl"):
    deflateBound = _libs["z"].get("deflateBound", "cdecl")
    deflateBound.argtypes = [z_streamp, uLong]
    deflateBound.restype = uLong

# /usr/include/zlib.h: 775
if _libs["z"].has("deflatePending", "cdecl"):
    deflatePending = _libs["z"].get("deflatePending", "cdecl")
    deflatePending.argtypes = [z_streamp, POINTER(c_uint), POINTER(c_int)]
    deflatePending.restype = c_int

# /usr/include/zlib.h: 790
if _libs["z"].has("deflatePrime", "cdecl"):
    deflatePrime = _libs["z"].get("deflatePrime", "cdecl")
    deflatePrime.argtypes = [z_streamp, c_int, c_int]
    deflatePrime.restype = c_int

# /usr/include/zlib.h: 807
if _libs["z"].has("deflateSetHeader", "cdecl"):
    deflateSetHeader = _libs["z"].get("deflateSetHeader", "cdecl")
    deflateSetHeader.argtypes = [z_streamp, gz_headerp]
    deflateSetHeader.restype = c_int

# /usr/include/zlib.h: 886
if _libs["z"].has("inflateSetDictionary", "cdecl"):
    inflateSetDictionary = _libs["z"].get("inflateSetDictionary", "cdecl")
    inflateSetDictionary.argtypes = [z_streamp, POINTER(Bytef), uInt]
    inflateSetDictionary.restype = c_int

# /usr/include/zlib.h: 909
if _libs["z"].has("inflateGetDictionary", "cdecl"):
    inflateGetDictionary = _libs["z"].get("inflateGetDictionary", "cdecl")
    inflateGetDictionary.argtypes = [z_streamp, POINTER(Bytef), POINTER(uInt)]
    inflateGetDictionary.restype = c_int

# /usr/include/zlib.h: 924
if _libs["z"].has("inflateSync", "cdecl"):
    inflateSync = _libs["z"].get("inflateSync", "cdecl")
    inflateSync.argtypes = [z_streamp]
    inflateSync.restype = c_int

# /usr/include/zlib.h: 943
if _libs["z"].has("inflateCopy", "cdecl"):
    inflateCopy = _libs["z"].get("inflateCopy", "cdecl")
    inflateCopy.argtypes = [z_streamp, z_streamp]
    inflateCopy.restype = c_int

# /usr/include/zlib.h: 959
if _libs["z"].has("inflateReset", "cdecl"):
    inflateReset = _libs["z"].get("inflateReset", "cdecl")
    inflateReset.argtypes = [z_streamp]
    inflateReset.restype = c_int

# /usr/include/zlib.h: 969
if _libs["z"].has("inflateReset2", "cdecl"):
    inflateReset2 = _libs["z"].get("inflateReset2", "cdecl")
    inflateReset2.argtypes = [z_streamp, c_int]
    inflateReset2.restype = c_int

# /usr/include/zlib.h: 983
if _libs["z"].has("inflatePrime", "cdecl"):
    inflatePrime = _libs["z"].get("inflatePrime", "cdecl")
    inflatePrime.argtypes = [z_streamp, c_int, c_int]
    inflatePrime.restype = c_int

# /usr/include/zlib.h: 1004
if _libs["z"].has("inflateMark", "cdecl"):
    inflateMark = _libs["z"].get("inflateMark", "cdecl")
    inflateMark.argtypes = [z_streamp]
    inflateMark.restype = c_long

# /usr/include/zlib.h: 1032
if _libs["z"].has("inflateGetHeader", "cdecl"):
    inflateGetHeader = _libs["z"].get("inflateGetHeader", "cdecl")
    inflateGetHeader.argtypes = [z_streamp, gz_headerp]
    inflateGetHeader.restype = c_int

in_func = CFUNCTYPE(UNCHECKED(c_uint), POINTER(None), POINTER(POINTER(c_ubyte)))# /usr/include/zlib.h: 1094

out_func = CFUNCTYPE(UNCHECKED(c_int), POINTER(None), POINTER(c_ubyte), c_uint)# /usr/include/zlib.h: 1096

# /usr/include/zlib.h: 1098
if _libs["z"].has("inflateBack", "cdecl"):
    inflateBack = _libs["z"].get("inflateBack", "cdecl")
    inflateBack.argtypes = [z_streamp, in_func, POINTER(None), out_func, POINTER(None)]
    inflateBack.restype = c_int

# /usr/include/zlib.h: 1168
if _libs["z"].has("inflateBackEnd", "cdecl"):
    inflateBackEnd = _libs["z"].get("inflateBackEnd", "cdecl")
    inflateBackEnd.argtypes = [z_streamp]
    inflateBackEnd.restype = c_int

# /usr/include/zlib.h: 1176
if _libs["z"].has("zlibCompileFlags", "cdecl"):
    zlibCompileFlags = _libs["z"].get("zlibCompileFlags", "cdecl")
    zlibCompileFlags.argtypes = []
    zlibCompileFlags.restype = uLong

# /usr/include/zlib.h: 1229
if _libs["z"].has("compress", "cdecl"):
    compress = _libs["z"].get("compress", "cdecl")
    compress.argtypes = [POINTER(Bytef), POINTER(uLongf), POINTER(Bytef), uLong]
    compress.restype = c_int

# /usr/include/zlib.h: 1244
if _libs["z"].has("compress2", "cdecl"):
    compress2 = _libs["z"].get("compress2", "cdecl")
    compress2.argtypes = [POINTER(Bytef), POINTER(uLongf), POINTER(Bytef), uLong, c_int]
    compress2.restype = c_int

# /usr/include/zlib.h: 1260
if _libs["z"].has("compressBound", "cdecl"):
    compressBound = _libs["z"].get("compressBound", "cdecl")
    compressBound.argtypes = [uLong]
    compressBound.restype = uLong

# /usr/include/zlib.h: 1267
if _libs["z"].has("uncompress", "cdecl"):
    uncompress = _libs["z"].get("uncompress", "cdecl")
    uncompress.argtypes = [POINTER(Bytef), POINTER(uLongf), POINTER(Bytef), uLong]
    uncompress.restype = c_int

# /usr/include/zlib.h: 1285
if _libs["z"].has("uncompress2", "cdecl"):
    uncompress2 = _libs["z"].get("uncompress2", "cdecl")
    uncompress2.argtypes = [POINTER(Bytef), POINTER(uLongf), POINTER(Bytef), POINTER(uLong)]
    uncompress2.restype = c_int

# /usr/include/zlib.h: 1834
class struct_gzFile_s(Structure):
    pass

gzFile = POINTER(struct_gzFile_s)# /usr/include/zlib.h: 1302

# /usr/include/zlib.h: 1342
if _libs["z"].has("gzdopen", "cdecl"):
    gzdopen = _libs["z"].get("gzdopen", "cdecl")
    gzdopen.argtypes = [c_int, String]
    gzdopen.restype = gzFile

# /usr/include/zlib.h: 1365
if _libs["z"].has("gzbuffer", "cdecl"):
    gzbuffer = _libs["z"].get("gzbuffer", "cdecl")
    gzbuffer.argtypes = [gzFile, c_uint]
    gzbuffer.restype = c_int

# /usr/include/zlib.h: 1381
if _libs["z"].has("gzsetparams", "cdecl"):
    gzsetparams = _libs["z"].get("gzsetparams", "cdecl")
    gzsetparams.argtypes = [gzFile, c_int, c_int]
    gzsetparams.restype = c_int

# /usr/include/zlib.h: 1392
if _libs["z"].has("gzread", "cdecl"):
    gzread = _libs["z"].get("gzread", "cdecl")
    gzread.argtypes = [gzFile, voidp, c_uint]
    gzread.restype = c_int

# /usr/include/zlib.h: 1422
if _libs["z"].has("gzfread", "cdecl"):
    gzfread = _libs["z"].get("gzfread", "cdecl")
    gzfread.argtypes = [voidp, z_size_t, z_size_t, gzFile]
    gzfread.restype = z_size_t

# /usr/include/zlib.h: 1448
if _libs["z"].has("gzwrite", "cdecl"):
    gzwrite = _libs["z"].get("gzwrite", "cdecl")
    gzwrite.argtypes = [gzFile, voidpc, c_uint]
    gzwrite.restype = c_int

# /usr/include/zlib.h: 1454
if _libs["z"].has("gzfwrite", "cdecl"):
    gzfwrite = _libs["z"].get("gzfwrite", "cdecl")
    gzfwrite.argtypes = [voidpc, z_size_t, z_size_t, gzFile]
    gzfwrite.restype = z_size_t

# /usr/include/zlib.h: 1468
if _libs["z"].has("gzprintf", "cdecl"):
    _func = _libs["z"].get("gzprintf", "cdecl")
    _restype = c_int
    _errcheck = None
    _argtypes = [gzFile, String]
    gzprintf = _variadic_function(_func,_restype,_argtypes,_errcheck)

# /usr/include/zlib.h: 1483
if _libs["z"].has("gzputs", "cdecl"):
    gzputs = _libs["z"].get("gzputs", "cdecl")
    gzputs.argtypes = [gzFile, String]
    gzputs.restype = c_int

# /usr/include/zlib.h: 1491
if _libs["z"].has("gzgets", "cdecl"):
    gzgets = _libs["z"].get("gzgets", "cdecl")
    gzgets.argtypes = [gzFile, String, c_int]
    if sizeof(c_int) == sizeof(c_void_p):
        gzgets.restype = ReturnString
    else:
        gzgets.restype = String
        gzgets.errcheck = ReturnString

# /usr/include/zlib.h: 1505
if _libs["z"].has("gzputc", "cdecl"):
    gzputc = _libs["z"].get("gzputc", "cdecl")
    gzputc.argtypes = [gzFile, c_int]
    gzputc.restype = c_int

# /usr/include/zlib.h: 1511
if _libs["z"].has("gzgetc", "cdecl"):
    gzgetc = _libs["z"].get("gzgetc", "cdecl")
    gzgetc.argtypes = [gzFile]
    gzgetc.restype = c_int

# /usr/include/zlib.h: 1520
if _libs["z"].has("gzungetc", "cdecl"):
    gzungetc = _libs["z"].get("gzungetc", "cdecl")
    gzungetc.argtypes = [c_int, gzFile]
    gzungetc.restype = c_int

# /usr/include/zlib.h: 1532
if _libs["z"].has("gzflush", "cdecl"):
    gzflush = _libs["z"].get("gzflush", "cdecl")
    gzflush.argtypes = [gzFile, c_int]
    gzflush.restype = c_int

# /usr/include/zlib.h: 1567
if _libs["z"].has("gzrewind", "cdecl"):
    gzrewind = _libs["z"].get("gzrewind", "cdecl")
    gzrewind.argtypes = [gzFile]
    gzrewind.restype = c_int

# /usr/include/zlib.h: 1595
if _libs["z"].has("gzeof", "cdecl"):
    gzeof = _libs["z"].get("gzeof", "cdecl")
    gzeof.argtypes = [gzFile]
    gzeof.restype = c_int

# /usr/include/zlib.h: 1610
if _libs["z"].has("gzdirect", "cdecl"):
    gzdirect = _libs["z"].get("gzdirect", "cdecl")
    gzdirect.argtypes = [gzFile]
    gzdirect.restype = c_int

# /usr/include/zlib.h: 1631
if _libs["z"].has("gzclose", "cdecl"):
    gzclose = _libs["z"].get("gzclose", "cdecl")
    gzclose.argtypes = [gzFile]
    gzclose.restype = c_int

# /usr/include/zlib.h: 1644
if _libs["z"].has("gzclose_r", "cdecl"):
    gzclose_r = _libs["z"].get("gzclose_r", "cdecl")
    gzclose_r.argtypes = [gzFile]
    gzclose_r.restype = c_int

# /usr/include/zlib.h: 1645
if _libs["z"].has("gzclose_w", "cdecl"):
    gzclose_w = _libs["z"].get("gzclose_w", "cdecl")
    gzclose_w.argtypes = [gzFile]
    gzclose_w.restype = c_int

# /usr/include/zlib.h: 1656
if _libs["z"].has("gzerror", "cdecl"):
    gzerror = _libs["z"].get("gzerror", "cdecl")
    gzerror.argtypes = [gzFile, POINTER(c_int)]
    gzerror.restype = c_char_p

# /usr/include/zlib.h: 1672
if _libs["z"].has("gzclearerr", "cdecl"):
    gzclearerr = _libs["z"].get("gzclearerr", "cdecl")
    gzclearerr.argtypes = [gzFile]
    gzclearerr.restype = None

# /usr/include/zlib.h: 1689
if _libs["z"].has("adler32", "cdecl"):
    adler32 = _libs["z"].get("adler32", "cdecl")
    adler32.argtypes = [uLong, POINTER(Bytef), uInt]
    adler32.restype = uLong

# /usr/include/zlib.h: 1709
if _libs["z"].has("adler32_z", "cdecl"):
    adler32_z = _libs["z"].get("adler32_z", "cdecl")
    adler32_z.argtypes = [uLong, POINTER(Bytef), z_size_t]
    adler32_z.restype = uLong

# /usr/include/zlib.h: 1727
if _libs["z"].has("crc32", "cdecl"):
    crc32 = _libs["z"].get("crc32", "cdecl")
    crc32.argtypes = [uLong, POINTER(Bytef), uInt]
    crc32.restype = uLong

# /usr/include/zlib.h: 1745
if _libs["z"].has("crc32_z", "cdecl"):
    crc32_z = _libs["z"].get("crc32_z", "cdecl")
    crc32_z.argtypes = [uLong, POINTER(Bytef), z_size_t]
    crc32_z.restype = uLong

# /usr/include/zlib.h: 1768
if _libs["z"].has("crc32_combine_op", "cdecl"):
    crc32_combine_op = _libs["z"].get("crc32_combine_op", "cdecl")
    crc32_combine_op.argtypes = [uLong, uLong, uLong]
    crc32_combine_op.restype = uLong

# /usr/include/zlib.h: 1781
if _libs["z"].has("deflateInit_", "cdecl"):
    deflateInit_ = _libs["z"].get("deflateInit_", "cdecl")
    deflateInit_.argtypes = [z_streamp, c_int, String, c_int]
    deflateInit_.restype = c_int

# /usr/include/zlib.h: 1783
if _libs["z"].has("inflateInit_", "cdecl"):
    inflateInit_ = _libs["z"].get("inflateInit_", "cdecl")
    inflateInit_.argtypes = [z_streamp, String, c_int]
    inflateInit_.restype = c_int

# /usr/include/zlib.h: 1785
if _libs["z"].has("deflateInit2_", "cdecl"):
    deflateInit2_ = _libs["z"].get("deflateInit2_", "cdecl")
    deflateInit2_.argtypes = [z_streamp, c_int, c_int, c_int, c_int, c_int, String, c_int]
    deflateInit2_.restype = c_int

# /usr/include/zlib.h: 1789
if _libs["z"].has("inflateInit2_", "cdecl"):
    inflateInit2_ = _libs["z"].get("inflateInit2_", "cdecl")
    inflateInit2_.argtypes = [z_streamp, c_int, String, c_int]
    inflateInit2_.restype = c_int

# /usr/include/zlib.h: 1791
if _libs["z"].has("inflateBackInit_", "cdecl"):
    inflateBackInit_ = _libs["z"].get("inflateBackInit_", "cdecl")
    inflateBackInit_.argtypes = [z_streamp, c_int, POINTER(c_ubyte), String, c_int]
    inflateBackInit_.restype = c_int

struct_gzFile_s.__slots__ = [
    'have',
    'next',
    'pos',
]
struct_gzFile_s._fields_ = [
    ('have', c_uint),
    ('next', POINTER(c_ubyte)),
    ('pos', off_t),
]

# /usr/include/zlib.h: 1839
if _libs["z"].has("gzgetc_", "cdecl"):
    gzgetc_ = _libs["z"].get("gzgetc_", "cdecl")
    gzgetc_.argtypes = [gzFile]
    gzgetc_.restype = c_int

# /usr/include/zlib.h: 1893
if _libs["z"].has("gzopen", "cdecl"):
    gzopen = _libs["z"].get("gzopen", "cdecl")
    gzopen.argtypes = [String, String]
    gzopen.restype = gzFile

# /usr/include/zlib.h: 1894
if _libs["z"].has("gzseek", "cdecl"):
    gzseek = _libs["z"].get("gzseek", "cdecl")
    gzseek.argtypes = [gzFile, off_t, c_int]
    gzseek.restype = off_t

# /usr/include/zlib.h: 1895
if _libs["z"].has("gztell", "cdecl"):
    gztell = _libs["z"].get("gztell", "cdecl")
    gztell.argtypes = [gzFile]
    gztell.restype = off_t

# /usr/include/zlib.h: 1896
if _libs["z"].has("gzoffset", "cdecl"):
    gzoffset = _libs["z"].get("gzoffset", "cdecl")
    gzoffset.argtypes = [gzFile]
    gzoffset.restype = off_t

# /usr/include/zlib.h: 1897
if _libs["z"].has("adler32_combine", "cdecl"):
    adler32_combine = _libs["z"].get("adler32_combine", "cdecl")
    adler32_combine.argtypes = [uLong, uLong, off_t]
    adler32_combine.restype = uLong

# /usr/include/zlib.h: 1898
if _libs["z"].has("crc32_combine", "cdecl"):
    crc32_combine = _libs["z"].get("crc32_combine", "cdecl")
    crc32_combine.argtypes = [uLong, uLong, off_t]
    crc32_combine.restype = uLong

# /usr/include/zlib.h: 1899
if _libs["z"].has("crc32_combine_gen", "cdecl"):
    crc32_combine_gen = _libs["z"].get("crc32_combine_gen", "cdecl")
    crc32_combine_gen.argtypes = [off_t]
    crc32_combine_gen.restype = uLong

# /usr/include/zlib.h: 1911
if _libs["z"].has("zError", "cdecl"):
    zError = _libs["z"].get("zError", "cdecl")
    zError.argtypes = [c_int]
    zError.restype = c_char_p

# /usr/include/zlib.h: 1912
if _libs["z"].has("inflateSyncPoint", "cdecl"):
    inflateSyncPoint = _libs["z"].get("inflateSyncPoint", "cdecl")
    inflateSyncPoint.argtypes = [z_streamp]
    inflateSyncPoint.restype = c_int

# /usr/include/zlib.h: 1913
if _libs["z"].has("get_crc_table", "cdecl"):
    get_crc_table = _libs["z"].get("get_crc_table", "cdecl")
    get_crc_table.argtypes = []
    get_crc_table.restype = POINTER(z_crc_t)

# /usr/include/zlib.h: 1914
if _libs["z"].has("inflateUndermine", "cdecl"):
    inflateUndermine = _libs["z"].get("inflateUndermine", "cdecl")
    inflateUndermine.argtypes = [z_streamp, c_int]
    inflateUndermine.restype = c_int

# /usr/include/zlib.h: 1915
if _libs["z"].has("inflateValidate", "cdecl"):
    inflateValidate = _libs["z"].get("inflateValidate", "cdecl")
    inflateValidate.argtypes = [z_streamp, c_int]
    inflateValidate.restype = c_int

# /usr/include/zlib.h: 1916
if _libs["z"].has("inflateCodesUsed", "cdecl"):
    inflateCodesUsed = _libs["z"].get("inflateCodesUsed", "cdecl")
    inflateCodesUsed.argtypes = [z_streamp]
    inflateCodesUsed.restype = c_ulong

# /usr/include/zlib.h: 1917
if _libs["z"].has("inflateResetKeep", "cdecl"):
    inflateResetKeep = _libs["z"].get("inflateResetKeep", "cdecl")
    inflateResetKeep.argtypes = [z_streamp]
    inflateResetKeep.restype = c_int

# /usr/include/zlib.h: 1918
if _libs["z"].has("deflateResetKeep", "cdecl"):
    deflateResetKeep = _libs["z"].get("deflateResetKeep", "cdecl")
    deflateResetKeep.argtypes = [z_streamp]
    deflateResetKeep.restype = c_int

# /usr/include/zlib.h: 1925
if _libs["z"].has("gzvprintf", "cdecl"):
    gzvprintf = _libs["z"].get("gzvprintf", "cdecl")
    gzvprintf.argtypes = [gzFile, String, c_void_p]
    gzvprintf.restype = c_int

# /usr/include/zlib.h: 40
try:
    ZLIB_VERSION = '1.2.13'
except:
    pass

# /usr/include/zlib.h: 41
try:
    ZLIB_VERNUM = 0x12d0
except:
    pass

# /usr/include/zlib.h: 42
try:
    ZLIB_VER_MAJOR = 1
except:
    pass

# /usr/include/zlib.h: 43
try:
    ZLIB_VER_MINOR = 2
except:
    pass

# /usr/include/zlib.h: 44
try:
    ZLIB_VER_REVISION = 13
except:
    pass

# /usr/include/zlib.h: 45
try:
    ZLIB_VER_SUBREVISION = 0
except:
    pass

# /usr/include/zlib.h: 168
try:
    Z_NO_FLUSH = 0
except:
    pass

# /usr/include/zlib.h: 169
try:
    Z_PARTIAL_FLUSH = 1
except:
    pass

# /usr/include/zlib.h: 170
try:
    Z_SYNC_FLUSH = 2
except:
    pass

# /usr/include/zlib.h: 171
try:
    Z_FULL_FLUSH = 3
except:
    pass

# /usr/include/zlib.h: 172
try:
    Z_FINISH = 4
except:
    pass

# /usr/include/zlib.h: 173
try:
    Z_BLOCK = 5
except:
    pass

# /usr/include/zlib.h: 174
try:
    Z_TREES = 6
except:
    pass

# /usr/include/zlib.h: 177
try:
    Z_OK = 0
except:
    pass

# /usr/include/zlib.h: 178
try:
    Z_STREAM_END = 1
except:
    pass

# /usr/include/zlib.h: 179
try:
    Z_NEED_DICT = 2
except:
    pass

# /usr/include/zlib.h: 180
try:
    Z_ERRNO = (-1)
except:
    pass

# /usr/include/zlib.h: 181
try:
    Z_STREAM_ERROR = (-2)
except:
    pass

# /usr/include/zlib.h: 182
try:
    Z_DATA_ERROR = (-3)
except:
    pass

# /usr/include/zlib.h: 183
try:
    Z_MEM_ERROR = (-4)
except:
    pass

# /usr/include/zlib.h: 184
try:
    Z_BUF_ERROR = (-5)
except:
    pass

# /usr/include/zlib.h: 185
try:
    Z_VERSION_ERROR = (-6)
except:
    pass

# /usr/include/zlib.h: 190
try:
    Z_NO_COMPRESSION = 0
except:
    pass

# /usr/include/zlib.h: 191
try:
    Z_BEST_SPEED = 1
except:
    pass

# /usr/include/zlib.h: 192
try:
    Z_BEST_COMPRESSION = 9
except:
    pass

# /usr/include/zlib.h: 193
try:
    Z_DEFAULT_COMPRESSION = (-1)
except:
    pass

# /usr/include/zlib.h: 196
try:
    Z_FILTERED = 1
except:
    pass

# /usr/include/zlib.h: 197
try:
    Z_HUFFMAN_ONLY = 2
except:
    pass

# /usr/include/zlib.h: 198
try:
    Z_RLE = 3
except:
    pass

# /usr/include/zlib.h: 199
try:
    Z_FIXED = 4
except:
    pass

# /usr/include/zlib.h: 200
try:
    Z_DEFAULT_STRATEGY = 0
except:
    pass

# /usr/include/zlib.h: 203
try:
    Z_BINARY = 0
except:
    pass

# /usr/include/zlib.h: 204
try:
    Z_TEXT = 1
except:
    pass

# /usr/include/zlib.h: 205
try:
    Z_ASCII = Z_TEXT
except:
    pass

# /usr/include/zlib.h: 206
try:
    Z_UNKNOWN = 2
except:
    pass

# /usr/include/zlib.h: 209
try:
    Z_DEFLATED = 8
except:
    pass

# /usr/include/zlib.h: 212
try:
    Z_NULL = 0
except:
    pass

# /usr/include/zlib.h: 214
try:
    zlib_version = (zlibVersion ())
except:
    pass

# /usr/include/zlib.h: 1810
def deflateInit(strm, level):
    return (deflateInit_ (strm, level, ZLIB_VERSION, (c_int (ord_if_char(sizeof(z_stream)))).value))

# /usr/include/zlib.h: 1812
def inflateInit(strm):
    return (inflateInit_ (strm, ZLIB_VERSION, (c_int (ord_if_char(sizeof(z_stream)))).value))

# /usr/include/zlib.h: 1814
def deflateInit2(strm, level, method, windowBits, memLevel, strategy):
    return (deflateInit2_ (strm, level, method, windowBits, memLevel, strategy, ZLIB_VERSION, (c_int (ord_if_char(sizeof(z_stream)))).value))

# /usr/include/zlib.h: 1817
def inflateInit2(strm, windowBits):
    return (inflateInit2_ (strm, windowBits, ZLIB_VERSION, (c_int (ord_if_char(sizeof(z_stream)))).value))

# /usr/include/zlib.h: 1820
def inflateBackInit(strm, windowBits, window):
    return (inflateBackInit_ (strm, windowBits, window, ZLIB_VERSION, (c_int (ord_if_char(sizeof(z_stream)))).value))

# /usr/include/zlib.h: 1845
def gzgetc(g):
    return (g.contents.have) and (((g.contents.have).value) - 1) or (gzgetc (g))

internal_state = struct_internal_state# /usr/include/zlib.h: 84

z_stream_s = struct_z_stream_s# /usr/include/zlib.h: 106

gz_header_s = struct_gz_header_s# /usr/include/zlib.h: 129

gzFile_s = struct_gzFile_s# /usr/include/zlib.h: 1834

# No inserted files

# No prefix-stripping

