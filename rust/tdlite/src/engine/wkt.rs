//! GEOMETRY values arrive in SQL as WKT text and are stored as WKB, as TDengine (through
//! GEOS) does: little-endian, two dimensions. POINT, LINESTRING and POLYGON are understood.

/// WKB of the WKT `text`, or a description of what is wrong with it.
pub fn to_wkb(text: &str) -> Result<Vec<u8>, String> {
    let mut p = Reader { rest: text.trim() };
    let kind = p.word().to_ascii_uppercase();
    let mut out = vec![1u8];
    match kind.as_str() {
        "POINT" => {
            p.expect('(')?;
            let point = p.point()?;
            p.expect(')')?;
            out.extend(1u32.to_le_bytes());
            put(&mut out, &[point]);
        }
        "LINESTRING" => {
            let points = p.point_list()?;
            if points.len() < 2 {
                return Err("a LINESTRING needs at least two points".into());
            }
            out.extend(2u32.to_le_bytes());
            out.extend((points.len() as u32).to_le_bytes());
            put(&mut out, &points);
        }
        "POLYGON" => {
            p.expect('(')?;
            let mut rings = vec![p.point_list()?];
            while p.eat(',') {
                rings.push(p.point_list()?);
            }
            p.expect(')')?;
            out.extend(3u32.to_le_bytes());
            out.extend((rings.len() as u32).to_le_bytes());
            for ring in &rings {
                if ring.len() < 4 || ring.first() != ring.last() {
                    return Err("a POLYGON ring must be closed and have at least four points".into());
                }
                out.extend((ring.len() as u32).to_le_bytes());
                put(&mut out, ring);
            }
        }
        _ => return Err(format!("unsupported geometry type '{kind}'")),
    }
    if !p.rest.trim().is_empty() {
        return Err(format!("unexpected '{}'", p.rest.trim()));
    }
    Ok(out)
}

fn put(out: &mut Vec<u8>, points: &[(f64, f64)]) {
    for (x, y) in points {
        out.extend(x.to_le_bytes());
        out.extend(y.to_le_bytes());
    }
}

struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    fn skip_blanks(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn word(&mut self) -> &str {
        self.skip_blanks();
        let end = self.rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(self.rest.len());
        let (word, rest) = self.rest.split_at(end);
        self.rest = rest;
        word
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_blanks();
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected '{c}'"))
        }
    }

    fn number(&mut self) -> Result<f64, String> {
        self.skip_blanks();
        let end = self.rest.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))).unwrap_or(self.rest.len());
        let (digits, rest) = self.rest.split_at(end);
        let value = digits.parse::<f64>().map_err(|_| format!("bad coordinate '{digits}'"))?;
        self.rest = rest;
        Ok(value)
    }

    fn point(&mut self) -> Result<(f64, f64), String> {
        Ok((self.number()?, self.number()?))
    }

    /// `( x y, x y, ... )`.
    fn point_list(&mut self) -> Result<Vec<(f64, f64)>, String> {
        self.expect('(')?;
        let mut points = vec![self.point()?];
        while self.eat(',') {
            points.push(self.point()?);
        }
        self.expect(')')?;
        Ok(points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_is_little_endian_wkb() {
        let wkb = to_wkb("POINT(1.0 2)").unwrap();
        let mut expected = vec![1, 1, 0, 0, 0];
        expected.extend(1.0f64.to_le_bytes());
        expected.extend(2.0f64.to_le_bytes());
        assert_eq!(wkb, expected);
        assert_eq!(to_wkb(" point ( 1 2 ) ").unwrap(), expected);
    }

    #[test]
    fn lines_and_polygons() {
        assert_eq!(to_wkb("LINESTRING(0 0, 1 1, 2 0)").unwrap().len(), 1 + 4 + 4 + 3 * 16);
        let polygon = to_wkb("POLYGON((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1))");
        assert_eq!(polygon.unwrap().len(), 1 + 4 + 4 + 2 * (4 + 4 * 16));
    }

    #[test]
    fn malformed_geometries() {
        for text in ["", "POINT", "POINT(1)", "POINT(1 2", "POINT(1 2) x", "CIRCLE(1 2)", "LINESTRING(1 2)", "POLYGON((0 0, 1 0, 1 1))"] {
            assert!(to_wkb(text).is_err(), "{text}");
        }
    }
}
