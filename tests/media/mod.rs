//! Media files built byte by byte, each carrying GPS position and camera data in
//! every place its format allows, around a small real picture (or, for MP4/MOV and
//! HEIF, real box structures with recognisable sample bytes). Used by the unit tests
//! of `export::strip` and by `tests/outsafe.rs`.
#![allow(dead_code)]

/// Strings that only the metadata holds: none may survive cleaning.
pub const SECRETS: &[&[u8]] = &[
    b"SECRETCAM",
    b"SECRETMAKERNOTE",
    b"N51GPSSECRET",
    b"GPSLatitude",
    b"2024:01:01 10:00:00",
    b"+51.5000-000.1200",
];

/// True when `b` holds any of [`SECRETS`].
pub fn leaks(b: &[u8]) -> Option<&'static str> {
    SECRETS
        .iter()
        .find(|s| b.windows(s.len()).any(|w| w == **s))
        .map(|s| std::str::from_utf8(s).unwrap_or("?"))
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn be16(v: u16) -> [u8; 2] {
    v.to_be_bytes()
}
fn be32(v: u32) -> [u8; 4] {
    v.to_be_bytes()
}

/// An XMP packet with a GPS position and a camera make.
pub fn xmp() -> Vec<u8> {
    br#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" exif:GPSLatitude="51,30.2N" exif:GPSLongitude="0,7.5W" tiff:Make="SECRETCAM"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#.to_vec()
}

/// One TIFF field: tag, type, count, value bytes (in the file's byte order).
type Field = (u16, u16, u32, Vec<u8>);

struct Tw {
    le: bool,
}
impl Tw {
    fn u16(&self, v: u16) -> Vec<u8> {
        if self.le {
            v.to_le_bytes().to_vec()
        } else {
            v.to_be_bytes().to_vec()
        }
    }
    fn u32(&self, v: u32) -> Vec<u8> {
        if self.le {
            v.to_le_bytes().to_vec()
        } else {
            v.to_be_bytes().to_vec()
        }
    }
    fn rationals(&self, v: &[(u32, u32)]) -> Vec<u8> {
        v.iter()
            .flat_map(|(a, b)| [self.u32(*a), self.u32(*b)].concat())
            .collect()
    }
    /// The size of an IFD with its out-of-line values.
    fn size(fields: &[Field]) -> u32 {
        let data: usize = fields
            .iter()
            .map(|f| {
                if f.3.len() > 4 {
                    (f.3.len() + 1) & !1
                } else {
                    0
                }
            })
            .sum();
        (2 + 12 * fields.len() + 4 + data) as u32
    }
    /// An IFD at `at`, its values right after it.
    fn ifd(&self, at: u32, fields: &[Field], next: u32) -> Vec<u8> {
        let mut head = self.u16(fields.len() as u16);
        let mut data = Vec::new();
        let data_at = at + 2 + 12 * fields.len() as u32 + 4;
        for (tag, typ, count, v) in fields {
            head.extend(self.u16(*tag));
            head.extend(self.u16(*typ));
            head.extend(self.u32(*count));
            if v.len() <= 4 {
                let mut x = v.clone();
                x.resize(4, 0);
                head.extend(x);
            } else {
                head.extend(self.u32(data_at + data.len() as u32));
                data.extend(v);
                if data.len() % 2 == 1 {
                    data.push(0);
                }
            }
        }
        head.extend(self.u32(next));
        head.extend(data);
        head
    }
}

fn ascii(s: &str) -> (u32, Vec<u8>) {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    (v.len() as u32, v)
}

/// The camera and GPS fields of IFD0 (offsets of the EXIF and GPS IFDs given).
fn camera_fields(w: &Tw, orientation: Option<u16>, exif_at: u32, gps_at: u32) -> Vec<Field> {
    let (n, make) = ascii("SECRETCAM");
    let (m, model) = ascii("SECRETCAM Model 7");
    let mut f = vec![(271, 2, n, make), (272, 2, m, model)];
    if let Some(o) = orientation {
        f.push((274, 3, 1, w.u16(o)));
    }
    f.push((34665, 4, 1, w.u32(exif_at)));
    f.push((34853, 4, 1, w.u32(gps_at)));
    f
}

fn exif_fields() -> Vec<Field> {
    let (n, date) = ascii("2024:01:01 10:00:00");
    let note = b"SECRETMAKERNOTE with a serial number".to_vec();
    vec![(36867, 2, n, date), (37500, 7, note.len() as u32, note)]
}

fn gps_fields(w: &Tw) -> Vec<Field> {
    let area = b"ASCII\0\0\0N51GPSSECRET harbour".to_vec();
    vec![
        (1, 2, 2, b"N\0".to_vec()),
        (2, 5, 3, w.rationals(&[(51, 1), (30, 1), (1234, 100)])),
        (3, 2, 2, b"W\0".to_vec()),
        (4, 5, 3, w.rationals(&[(0, 1), (7, 1), (3000, 100)])),
        (27, 7, area.len() as u32, area),
    ]
}

/// An EXIF block (TIFF header first) with camera make and model, an EXIF IFD (date,
/// maker note) and a GPS IFD (latitude, longitude, area).
pub fn exif(le: bool, orientation: Option<u16>) -> Vec<u8> {
    let w = Tw { le };
    let exif_f = exif_fields();
    let gps_f = gps_fields(&w);
    let ifd0_len = Tw::size(&camera_fields(&w, orientation, 0, 0));
    let exif_at = 8 + ifd0_len;
    let gps_at = exif_at + Tw::size(&exif_f);
    let mut t = if le {
        b"II*\0".to_vec()
    } else {
        b"MM\0*".to_vec()
    };
    t.extend(w.u32(8));
    t.extend(w.ifd(8, &camera_fields(&w, orientation, exif_at, gps_at), 0));
    t.extend(w.ifd(exif_at, &exif_f, 0));
    t.extend(w.ifd(gps_at, &gps_f, 0));
    t
}

/// The pixels of the TIFF test image (2×2 RGB).
pub const TIFF_PIXELS: [u8; 12] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 250, 250, 250];

/// A real 2×2 RGB TIFF (uncompressed strip) with camera, EXIF, GPS, XMP, IPTC and an
/// unreferenced block of camera text.
pub fn tiff(le: bool) -> Vec<u8> {
    let w = Tw { le };
    let xmp = xmp();
    let iptc = b"\x1c\x02\x50\x00\x09SECRETCAM".to_vec();
    let (dn, desc) = ascii("Taken at N51GPSSECRET by SECRETCAM");
    let image = |exif_at: u32, gps_at: u32, strip_at: u32| -> Vec<Field> {
        let mut f = vec![
            (256, 3, 1, w.u16(2)),
            (257, 3, 1, w.u16(2)),
            (258, 3, 3, [w.u16(8), w.u16(8), w.u16(8)].concat()),
            (259, 3, 1, w.u16(1)),
            (262, 3, 1, w.u16(2)),
            (270, 2, dn, desc.clone()),
            (273, 4, 1, w.u32(strip_at)),
            (274, 3, 1, w.u16(1)),
            (277, 3, 1, w.u16(3)),
            (278, 3, 1, w.u16(2)),
            (279, 4, 1, w.u32(12)),
            (282, 5, 1, w.rationals(&[(72, 1)])),
            (283, 5, 1, w.rationals(&[(72, 1)])),
            (296, 3, 1, w.u16(2)),
            (700, 1, xmp.len() as u32, xmp.clone()),
            (33723, 7, iptc.len() as u32, iptc.clone()),
        ];
        let (n, make) = ascii("SECRETCAM");
        f.push((271, 2, n, make));
        f.sort_by_key(|x| x.0);
        f.push((34665, 4, 1, w.u32(exif_at)));
        f.push((34853, 4, 1, w.u32(gps_at)));
        f
    };
    let exif_f = exif_fields();
    let gps_f = gps_fields(&w);
    let ifd0_len = Tw::size(&image(0, 0, 0));
    let exif_at = 8 + ifd0_len;
    let gps_at = exif_at + Tw::size(&exif_f);
    let orphan_at = gps_at + Tw::size(&gps_f);
    let orphan = b"an unreferenced block: SECRETCAM N51GPSSECRET".to_vec();
    let strip_at = orphan_at + orphan.len() as u32;
    let mut t = if le {
        b"II*\0".to_vec()
    } else {
        b"MM\0*".to_vec()
    };
    t.extend(w.u32(8));
    t.extend(w.ifd(8, &image(exif_at, gps_at, strip_at), 0));
    t.extend(w.ifd(exif_at, &exif_f, 0));
    t.extend(w.ifd(gps_at, &gps_f, 0));
    t.extend(&orphan);
    t.extend(TIFF_PIXELS);
    t
}

fn seg(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(be16(body.len() as u16 + 2));
    s.extend(body);
    s
}

/// The scan data of the test JPEG: one 8×8 block, DC difference 0, end of block.
pub const JPEG_SCAN: &[u8] = &[0x3F];

/// The frame of a real 8×8 grey baseline JPEG: tables, frame header, scan header.
fn jpeg_frame() -> Vec<u8> {
    let mut v = seg(0xDB, &[[0u8].as_slice(), &[1u8; 64]].concat());
    v.extend(seg(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
    let mut dht = vec![0x00, 1];
    dht.extend([0u8; 15]);
    dht.push(0);
    v.extend(seg(0xC4, &dht));
    let mut dht = vec![0x10, 1];
    dht.extend([0u8; 15]);
    dht.push(0);
    v.extend(seg(0xC4, &dht));
    v.extend(seg(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    v
}

/// A real 8×8 grey JPEG with JFIF, EXIF (camera, GPS; `orientation` when given),
/// XMP, Photoshop IPTC, a comment and, after the end of image, a second picture with
/// its own EXIF (as MPF and maker trailers do). With `fill`, 0xFF fill bytes stand
/// before the EXIF marker, which JPEG allows.
pub fn jpeg(fill: bool, orientation: Option<u16>) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    v.extend(seg(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    if fill {
        v.extend([0xFF, 0xFF, 0xFF]);
    }
    v.extend(seg(
        0xE1,
        &[b"Exif\0\0".as_slice(), &exif(false, orientation)].concat(),
    ));
    v.extend(seg(
        0xE1,
        &[b"http://ns.adobe.com/xap/1.0/\0".as_slice(), &xmp()].concat(),
    ));
    let iptc = b"\x1c\x02\x50\x00\x09SECRETCAM";
    let mut ps = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    ps.extend(be32(iptc.len() as u32));
    ps.extend(iptc);
    ps.push(0);
    v.extend(seg(0xED, &ps));
    v.extend(seg(0xFE, b"SECRETCAM comment"));
    v.extend(jpeg_frame());
    v.extend(JPEG_SCAN);
    v.extend([0xFF, 0xD9]);
    // a trailer: a second image with EXIF
    v.extend([0xFF, 0xD8]);
    v.extend(seg(
        0xE1,
        &[b"Exif\0\0".as_slice(), &exif(true, None)].concat(),
    ));
    v.extend([0xFF, 0xD9]);
    v
}

/// A progressive-looking JPEG walk: an APP1 with EXIF between two scans, which a
/// reader that stops at the first scan would keep.
pub fn jpeg_two_scans() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    v.extend(jpeg_frame());
    v.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
    v.extend(seg(
        0xE1,
        &[b"Exif\0\0".as_slice(), &exif(false, None)].concat(),
    ));
    v.extend(seg(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    v.extend([0x78, 0x9A]);
    v.extend([0xFF, 0xD9]);
    v
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = be32(data.len() as u32).to_vec();
    c.extend(kind);
    c.extend(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    c.extend(be32(crc.sum()));
    c
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// The raw scanlines of the test PNG (2×2 RGB, filter 0).
pub const PNG_ROWS: [u8; 14] = [0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 250, 250, 250];

/// A real 2×2 RGB PNG with `eXIf` (camera, GPS), XMP in `iTXt`, a comment in `tEXt`,
/// ImageMagick's hex EXIF in `zTXt`, `tIME`, a private chunk and text after `IEND`.
pub fn png(orientation: Option<u16>) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend(png_chunk(b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]));
    v.extend(png_chunk(b"eXIf", &exif(true, orientation)));
    v.extend(png_chunk(
        b"iTXt",
        &[b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), &xmp()].concat(),
    ));
    v.extend(png_chunk(b"tEXt", b"Comment\0SECRETCAM at N51GPSSECRET"));
    let hex: String = exif(false, None)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    v.extend(png_chunk(
        b"zTXt",
        &[
            b"Raw profile type exif\0\0".as_slice(),
            &zlib(format!("\nexif\n{}\n{hex}\n", hex.len() / 2).as_bytes()),
        ]
        .concat(),
    ));
    v.extend(png_chunk(b"tIME", &[7, 232, 1, 1, 10, 0, 0]));
    v.extend(png_chunk(b"prVt", b"SECRETCAM"));
    v.extend(png_chunk(b"IDAT", &zlib(&PNG_ROWS)));
    v.extend(png_chunk(b"IEND", b""));
    v.extend(b"SECRETCAM after the end");
    v
}

/// The image data of the test GIF (1×1, LZW).
pub const GIF_IMAGE: &[u8] = &[
    0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00,
];

fn sub_blocks(data: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for c in data.chunks(255) {
        v.push(c.len() as u8);
        v.extend(c);
    }
    v.push(0);
    v
}

/// A real 1×1 GIF with a comment, XMP in an application extension, the looping
/// extension, and text after the trailer.
pub fn gif() -> Vec<u8> {
    let mut v = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
    v.extend([255, 0, 0, 255, 255, 255]);
    v.extend([0x21, 0xFE]);
    v.extend(sub_blocks(b"SECRETCAM comment at N51GPSSECRET"));
    v.extend([0x21, 0xFF, 11]);
    v.extend(b"XMP DataXMP");
    v.extend(sub_blocks(&xmp()));
    v.extend([0x21, 0xFF, 11]);
    v.extend(b"NETSCAPE2.0");
    v.extend([3, 1, 0, 0, 0]);
    v.extend([0x21, 0xF9, 4, 0, 0, 0, 0, 0]);
    v.extend(GIF_IMAGE);
    v.push(0x3B);
    v.extend(b"SECRETCAM after the trailer");
    v
}

/// The lossless bitstream of a real 1×1 WebP.
pub const WEBP_VP8L: &[u8] = &[
    0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07,
];

fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = id.to_vec();
    c.extend((data.len() as u32).to_le_bytes());
    c.extend(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// A real 1×1 WebP (extended format) with `EXIF`, `XMP ` and an unknown chunk.
pub fn webp(orientation: Option<u16>) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &[0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    body.extend(riff_chunk(b"VP8L", WEBP_VP8L));
    body.extend(riff_chunk(b"EXIF", &exif(true, orientation)));
    body.extend(riff_chunk(b"XMP ", &xmp()));
    body.extend(riff_chunk(b"ZZZZ", b"SECRETCAM"));
    let mut v = b"RIFF".to_vec();
    v.extend((body.len() as u32).to_le_bytes());
    v.extend(body);
    v
}

/// An ISO box.
pub fn bx(typ: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut v = be32(body.len() as u32 + 8).to_vec();
    v.extend(typ);
    v.extend(body);
    v
}

/// A full box (version 0, no flags).
fn fbx(typ: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
    bx(typ, &[[version, 0, 0, 0].as_slice(), body].concat())
}

/// The bytes of the video samples of the test movie.
pub const VIDEO_SAMPLES: [&[u8]; 2] = [b"VIDEO-SAMPLE-ONE", b"VIDEO-SAMPLE-TWO!"];
/// The bytes of the GPS samples of the test movie.
pub const GPS_SAMPLE: &[u8] = b"N51GPSSECRET fix 3D";

fn trak(handler: &[u8; 4], format: &[u8; 4], sizes: &[u32], chunk_offsets: &[u32]) -> Vec<u8> {
    let mut stsd = be32(1).to_vec();
    stsd.extend(bx(format, &[0u8; 8]));
    let mut stsz = be32(0).to_vec();
    stsz.extend(be32(sizes.len() as u32));
    for s in sizes {
        stsz.extend(be32(*s));
    }
    let mut stco = be32(chunk_offsets.len() as u32).to_vec();
    for o in chunk_offsets {
        stco.extend(be32(*o));
    }
    // every sample in a chunk of its own
    let stsc = [be32(1), be32(1), be32(1), be32(1)].concat();
    let stts = [be32(1), be32(sizes.len() as u32), be32(1000)].concat();
    let stbl = [
        fbx(b"stsd", 0, &stsd),
        fbx(b"stts", 0, &stts),
        fbx(b"stsc", 0, &stsc),
        fbx(b"stsz", 0, &stsz),
        fbx(b"stco", 0, &stco),
    ]
    .concat();
    let dref = fbx(
        b"dref",
        0,
        &[be32(1).as_slice(), &fbx(b"url ", 0, &[])].concat(),
    );
    // url with flags 1: self-contained
    let mut dref = dref;
    let n = dref.len();
    dref[n - 1] = 1;
    let minf = [bx(b"dinf", &dref), bx(b"stbl", &stbl)].concat();
    let mut hdlr = be32(0).to_vec();
    hdlr.extend(handler);
    hdlr.extend([0u8; 12]);
    hdlr.push(0);
    let mdhd = [be32(0), be32(0), be32(1000), be32(2000), be32(0)].concat();
    let mdia = [
        fbx(b"mdhd", 0, &mdhd),
        fbx(b"hdlr", 0, &hdlr),
        bx(b"minf", &minf),
    ]
    .concat();
    let tkhd = [0u8; 80];
    let udta = bx(b"udta", &bx(b"name", b"SECRETCAM track"));
    bx(
        b"trak",
        &[fbx(b"tkhd", 0, &tkhd), bx(b"mdia", &mdia), udta].concat(),
    )
}

fn movie_meta() -> Vec<u8> {
    let mut hdlr = be32(0).to_vec();
    hdlr.extend(b"mdta");
    hdlr.extend([0u8; 13]);
    let key = b"com.apple.quicktime.location.ISO6709";
    let keys = fbx(
        b"keys",
        0,
        &[be32(1).as_slice(), &bx(b"mdta", key)].concat(),
    );
    let data = bx(
        b"data",
        &[be32(1).as_slice(), &be32(0), b"+51.5000-000.1200+010.000/"].concat(),
    );
    let ilst = bx(b"ilst", &bx(&[0, 0, 0, 1], &data));
    bx(b"meta", &[fbx(b"hdlr", 0, &hdlr), keys, ilst].concat())
}

/// An MP4 (`mov` for QuickTime) with a video track, a GPS metadata track (`gpmd`),
/// `udta` with `©xyz`, `©mak` and XMP, a QuickTime `meta` with the ISO 6709
/// location key, a top-level XMP `uuid` box, and unreferenced camera text in `mdat`.
/// Returns the file and the offsets of the video samples.
pub fn movie(mov: bool) -> (Vec<u8>, Vec<u32>) {
    let ftyp = if mov {
        bx(b"ftyp", b"qt  \0\0\x02\0qt  ")
    } else {
        bx(b"ftyp", b"isom\0\0\x02\0isomiso2mp41")
    };
    let mut xyz = be16(17).to_vec();
    xyz.extend(be16(0x15c7));
    xyz.extend(b"+51.5000-000.1200/");
    let mut mak = be16(9).to_vec();
    mak.extend(be16(0));
    mak.extend(b"SECRETCAM");
    let udta = bx(
        b"udta",
        &[
            bx(b"\xa9xyz", &xyz),
            bx(b"\xa9mak", &mak),
            // 3GPP location: language, name, role, longitude, latitude, altitude (16.16)
            fbx(
                b"loci",
                0,
                &[
                    be16(0x15c7).as_slice(),
                    b"N51GPSSECRET harbour\0",
                    &[0],
                    &be32(0xFFFF_E000),
                    &be32(0x0033_8000),
                    &be32(0),
                    b"earth\0\0",
                ]
                .concat(),
            ),
            bx(b"XMP_", &xmp()),
        ]
        .concat(),
    );
    let build = |offs: &[u32], gps_off: u32| -> Vec<u8> {
        let mvhd = [0u8; 100];
        let sizes: Vec<u32> = VIDEO_SAMPLES.iter().map(|s| s.len() as u32).collect();
        bx(
            b"moov",
            &[
                fbx(b"mvhd", 0, &mvhd),
                trak(b"vide", b"avc1", &sizes, offs),
                trak(b"meta", b"gpmd", &[GPS_SAMPLE.len() as u32], &[gps_off]),
                udta.clone(),
                movie_meta(),
            ]
            .concat(),
        )
    };
    let mut uuid = b"\xbe\x7a\xcf\xcb\x97\xa9\x42\xe8\x9c\x71\x99\x94\x91\xe3\xaf\xac".to_vec();
    uuid.extend(xmp());
    let uuid = bx(b"uuid", &uuid);
    let moov_len = build(&[0, 0], 0).len();
    let mdat_at = (ftyp.len() + moov_len + uuid.len()) as u32 + 8;
    let mut mdat = Vec::new();
    let mut offs = Vec::new();
    for s in VIDEO_SAMPLES {
        offs.push(mdat_at + mdat.len() as u32);
        mdat.extend(s);
    }
    mdat.extend(b"unreferenced SECRETCAM ");
    let gps_off = mdat_at + mdat.len() as u32;
    mdat.extend(GPS_SAMPLE);
    let v = [ftyp, build(&offs, gps_off), uuid, bx(b"mdat", &mdat)].concat();
    (v, offs)
}

/// The image item's bytes in the test HEIF files.
pub const HEIF_IMAGE: &[u8] = b"CODED-IMAGE-ITEM-BYTES";

/// A HEIF (`heic`) or AVIF file: an image item, an `Exif` item (camera, GPS) and an
/// XMP `mime` item, located by `iloc` in `mdat`, with camera text nothing refers to.
pub fn heif(avif: bool) -> Vec<u8> {
    let ftyp = if avif {
        bx(b"ftyp", b"avif\0\0\0\0avifmif1miaf")
    } else {
        bx(b"ftyp", b"heic\0\0\0\0mif1heic")
    };
    let mut exif_item = be32(0).to_vec();
    exif_item.extend(exif(false, None));
    let xmp_item = xmp();
    let codec: &[u8; 4] = if avif { b"av01" } else { b"hvc1" };
    let infe = |id: u16, typ: &[u8; 4], extra: &[u8]| {
        fbx(
            b"infe",
            2,
            &[be16(id).as_slice(), &be16(0), typ, b"\0", extra].concat(),
        )
    };
    let iinf = fbx(
        b"iinf",
        0,
        &[
            be16(3).as_slice(),
            &infe(1, codec, b""),
            &infe(2, b"Exif", b""),
            &infe(3, b"mime", b"application/rdf+xml\0"),
        ]
        .concat(),
    );
    let iloc = |offs: [u32; 3]| {
        let lens = [
            HEIF_IMAGE.len() as u32,
            exif_item.len() as u32,
            xmp_item.len() as u32,
        ];
        let mut b = vec![0x44, 0x00];
        b.extend(be16(3));
        for i in 0..3 {
            b.extend(be16(i as u16 + 1));
            b.extend(be16(0));
            b.extend(be16(1));
            b.extend(be32(offs[i]));
            b.extend(be32(lens[i]));
        }
        fbx(b"iloc", 0, &b)
    };
    let mut hdlr = be32(0).to_vec();
    hdlr.extend(b"pict");
    hdlr.extend([0u8; 13]);
    let meta = |offs| {
        fbx(
            b"meta",
            0,
            &[
                fbx(b"hdlr", 0, &hdlr),
                fbx(b"pitm", 0, &be16(1)),
                iinf.clone(),
                iloc(offs),
            ]
            .concat(),
        )
    };
    let mdat_at = (ftyp.len() + meta([0; 3]).len()) as u32 + 8;
    let mut mdat = HEIF_IMAGE.to_vec();
    let exif_at = mdat_at + mdat.len() as u32;
    mdat.extend(&exif_item);
    let xmp_at = mdat_at + mdat.len() as u32;
    mdat.extend(&xmp_item);
    mdat.extend(b"unreferenced SECRETCAM");
    [ftyp, meta([mdat_at, exif_at, xmp_at]), bx(b"mdat", &mdat)].concat()
}

/// One MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz, 417 bytes) with a recognisable
/// payload.
pub fn mp3_frame(n: u8) -> Vec<u8> {
    let mut f = vec![0xFF, 0xFB, 0x90, 0x64];
    f.extend((0..413).map(|i| ((i as u8).wrapping_mul(7).wrapping_add(n)) & 0x7F));
    f
}

fn syncsafe(n: usize) -> [u8; 4] {
    [
        ((n >> 21) & 0x7F) as u8,
        ((n >> 14) & 0x7F) as u8,
        ((n >> 7) & 0x7F) as u8,
        (n & 0x7F) as u8,
    ]
}

/// An MP3: an ID3v2.3 tag (a GPS text frame, a cover picture with EXIF), three audio
/// frames, an APEv2 tag and an ID3v1 tag.
pub fn mp3() -> Vec<u8> {
    let id3_frame = |id: &[u8; 4], body: &[u8]| {
        let mut f = id.to_vec();
        f.extend(be32(body.len() as u32));
        f.extend([0, 0]);
        f.extend(body);
        f
    };
    let mut frames = id3_frame(b"TXXX", b"\0GPS\0N51GPSSECRET");
    frames.extend(id3_frame(
        b"APIC",
        &[b"\0image/jpeg\0\x03\0".as_slice(), &jpeg(false, None)].concat(),
    ));
    let mut v = b"ID3\x03\x00\x00".to_vec();
    v.extend(syncsafe(frames.len()));
    v.extend(frames);
    for n in 0..3 {
        v.extend(mp3_frame(n));
    }
    let item = b"SECRETCAM";
    let mut items = (item.len() as u32).to_le_bytes().to_vec();
    items.extend(0u32.to_le_bytes());
    items.extend(b"Artist\0");
    items.extend(item);
    // APEv2: the size counts the items and the footer; the header's flags say it has
    // a header (bit 31) and is one (bit 29)
    let mut ape = b"APETAGEX".to_vec();
    ape.extend(2000u32.to_le_bytes());
    ape.extend(((items.len() + 32) as u32).to_le_bytes());
    ape.extend(1u32.to_le_bytes());
    ape.extend(0xA000_0000u32.to_le_bytes());
    ape.extend([0u8; 8]);
    // header, items, footer
    v.extend(&ape);
    v.extend(&items);
    let mut footer = ape.clone();
    footer[20..24].copy_from_slice(&0x8000_0000u32.to_le_bytes());
    v.extend(footer);
    let mut tag = b"TAGSECRETCAM title".to_vec();
    tag.resize(128, 0);
    v.extend(tag);
    v
}

/// An EBML element (8-byte size).
pub fn el(id: u32, body: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = id
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    v.push(0x01);
    v.extend(&(body.len() as u64).to_be_bytes()[1..]);
    v.extend(body);
    v
}

/// The frame bytes of the test WebM.
pub const WEBM_BLOCKS: [&[u8]; 2] = [
    b"\x81\0\0\x80VIDEO-BLOCK-ONE",
    b"\x81\0\x21\x80VIDEO-BLOCK-TWO",
];

/// A WebM with a title, a date, application names, a track name, tags with a
/// location, an attached cover, chapters, and two clusters (the last of unknown size,
/// as live recordings write them).
pub fn webm() -> Vec<u8> {
    let ebml = el(
        0x1A45_DFA3,
        &[el(0x4282, b"webm"), el(0x4287, &[4]), el(0x4285, &[2])].concat(),
    );
    let info = el(
        0x1549_A966,
        &[
            el(0x2A_D7B1, &[0x0F, 0x42, 0x40]),
            el(0x7BA9, b"SECRETCAM holiday"),
            el(0x4461, &[0, 0, 0, 0, 0, 0, 0, 1]),
            el(0x4D80, b"SECRETCAM muxer"),
            el(0x5741, b"SECRETCAM writer"),
        ]
        .concat(),
    );
    let tracks = el(
        0x1654_AE6B,
        &el(
            0xAE,
            &[
                el(0xD7, &[1]),
                el(0x83, &[1]),
                el(0x536E, b"N51GPSSECRET camera"),
                el(0x86, b"V_VP8"),
            ]
            .concat(),
        ),
    );
    let tags = el(
        0x1254_C367,
        &el(
            0x7373,
            &el(
                0x67C8,
                &[el(0x45A3, b"LOCATION"), el(0x4487, b"+51.5000-000.1200/")].concat(),
            ),
        ),
    );
    let attachments = el(
        0x1941_A469,
        &el(
            0x61A7,
            &[el(0x466E, b"cover.jpg"), el(0x465C, &jpeg(false, None))].concat(),
        ),
    );
    let chapters = el(0x1043_A770, b"SECRETCAM chapter");
    let cluster1 = el(
        0x1F43_B675,
        &[el(0xE7, &[0]), el(0xA3, WEBM_BLOCKS[0])].concat(),
    );
    // a cluster of unknown size: the size vint all ones
    let mut cluster2 = vec![0x1F, 0x43, 0xB6, 0x75, 0xFF];
    cluster2.extend(el(0xE7, &[0x21]));
    cluster2.extend(el(0xA3, WEBM_BLOCKS[1]));
    let body = [info, tracks, tags, attachments, chapters, cluster1].concat();
    let mut seg = vec![
        0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];
    seg.extend(body);
    seg.extend(cluster2);
    [ebml, seg].concat()
}
