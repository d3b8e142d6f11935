//! Python 3.11's `ast.literal_eval` for a `str`.
//!
//! `literal_eval` strips leading spaces and tabs, parses the text as a
//! Python expression and evaluates only literal nodes. Since any other node,
//! and any syntax error, makes it raise, this reader parses just the subset
//! that can succeed and refuses everything else at the first sign of it.
//! What it does reproduce is the tokenizer's detail: string prefixes and
//! escapes (`\N{name}` included), adjacent-literal joining, number forms with
//! underscores, line joining inside brackets and after a backslash, comments,
//! the indentation rule, newline translation and the limit of 200 nested
//! brackets.

use std::borrow::Cow;
use std::mem;

use decnet_event::py::{INT_MAX_STR_DIGITS, PyStr, PyValue};
use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};

use super::collect::{DictBuilder, build_set};
use super::names;
use super::unicode::SET_LETTERS;

/// CPython's tokenizer refuses a 201st level of open brackets.
const MAX_BRACKET_DEPTH: usize = 200;

/// `literal_eval` raised (`SyntaxError`, `ValueError`, `TypeError`, ...).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Rejected;

type Result<T> = std::result::Result<T, Rejected>;

/// `ast.literal_eval(text)`.
pub(super) fn literal_eval(text: &str) -> Result<PyValue> {
    let source = text.trim_start_matches([' ', '\t']);
    if source.contains('\0') {
        return Err(Rejected);
    }
    let source = universal_newlines(source);
    let mut parser = Parser {
        lexer: Lexer::new(&source),
        peeked: None,
    };
    convert(parser.eval_input()?)
}

/// Compiling a str reads `\r\n` and a lone `\r` as `\n`, inside string
/// literals too.
fn universal_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The nodes of the expressions `literal_eval` may accept. Anything else
/// is refused while parsing.
#[derive(Debug, PartialEq)]
enum Expr {
    Constant(PyValue),
    /// The name `set`, a literal only when called without arguments.
    SetName,
    /// `set()`.
    EmptySet,
    UnaryOp {
        negative: bool,
        operand: Box<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        subtract: bool,
        right: Box<Expr>,
    },
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
}

/// literal_eval's `_convert`: the value of a parsed expression.
fn convert(expr: Expr) -> Result<PyValue> {
    match expr {
        Expr::Constant(value) => Ok(value),
        Expr::EmptySet => Ok(PyValue::Set(Vec::new())),
        Expr::Tuple(items) => convert_all(items).map(PyValue::Tuple),
        Expr::List(items) => convert_all(items).map(PyValue::List),
        Expr::Set(items) => build_set(convert_all(items)?).map_err(|_| Rejected),
        Expr::Dict(pairs) => {
            let mut dict = DictBuilder::default();
            for (key, value) in pairs {
                dict.insert(convert(key)?, convert(value)?)
                    .map_err(|_| Rejected)?;
            }
            Ok(dict.finish())
        }
        // Only a real number plus or minus an imaginary one, as in `1-2j`.
        Expr::BinOp {
            left,
            subtract,
            right,
        } => {
            let (left, right) = (signed_number(*left)?, number(*right)?);
            let PyValue::Complex { re, im } = right else {
                return Err(Rejected);
            };
            // Python widens the real operand to complex(left, 0.0) first;
            // an int too large for a float raises OverflowError.
            let left = match left {
                PyValue::Int(int) => int.to_f64().filter(|x| x.is_finite()).ok_or(Rejected)?,
                PyValue::Float(x) => x,
                _ => return Err(Rejected),
            };
            Ok(if subtract {
                PyValue::Complex {
                    re: left - re,
                    im: 0.0 - im,
                }
            } else {
                PyValue::Complex {
                    re: left + re,
                    im: 0.0 + im,
                }
            })
        }
        other => signed_number(other),
    }
}

fn convert_all(items: Vec<Expr>) -> Result<Vec<PyValue>> {
    items.into_iter().map(convert).collect()
}

/// A number constant (`bool` is not one), with at most one sign applied.
fn signed_number(expr: Expr) -> Result<PyValue> {
    let Expr::UnaryOp { negative, operand } = expr else {
        return number(expr);
    };
    match number(*operand)? {
        value if !negative => Ok(value),
        PyValue::Int(int) => Ok(PyValue::Int(-int)),
        PyValue::Float(x) => Ok(PyValue::Float(-x)),
        PyValue::Complex { re, im } => Ok(PyValue::Complex { re: -re, im: -im }),
        _ => Err(Rejected),
    }
}

fn number(expr: Expr) -> Result<PyValue> {
    match expr {
        Expr::Constant(value @ (PyValue::Int(_) | PyValue::Float(_) | PyValue::Complex { .. })) => {
            Ok(value)
        }
        _ => Err(Rejected),
    }
}

/// A recursive-descent parser for the accepted subset of Python's
/// `eval_input: expressions NEWLINE* ENDMARKER`. It recurses once per
/// bracket, which the lexer limits to 200 levels.
struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
}

impl Parser<'_> {
    fn peek(&mut self) -> Result<&Token> {
        let token = match self.peeked.take() {
            Some(token) => token,
            None => self.lexer.next_token()?,
        };
        Ok(self.peeked.insert(token))
    }

    fn next(&mut self) -> Result<Token> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lexer.next_token(),
        }
    }

    fn eat_op(&mut self, op: u8) -> Result<bool> {
        let found = *self.peek()? == Token::Op(op);
        if found {
            self.peeked = None;
        }
        Ok(found)
    }

    fn expect_op(&mut self, op: u8) -> Result<()> {
        if self.eat_op(op)? {
            Ok(())
        } else {
            Err(Rejected)
        }
    }

    fn eval_input(&mut self) -> Result<Expr> {
        let expr = self.expressions()?;
        while *self.peek()? == Token::Newline {
            self.peeked = None;
        }
        match self.next()? {
            Token::End => Ok(expr),
            _ => Err(Rejected),
        }
    }

    /// One expression, or a tuple of them when a comma follows
    /// (`1,` and `1, 2,` are tuples).
    fn expressions(&mut self) -> Result<Expr> {
        let first = self.expression()?;
        if !self.eat_op(b',')? {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.starts_expression()? {
            items.push(self.expression()?);
            if !self.eat_op(b',')? {
                break;
            }
        }
        Ok(Expr::Tuple(items))
    }

    fn starts_expression(&mut self) -> Result<bool> {
        Ok(matches!(
            self.peek()?,
            Token::Constant(_)
                | Token::Set
                | Token::Str(_)
                | Token::Op(b'(' | b'[' | b'{' | b'+' | b'-')
        ))
    }

    /// Comma-separated expressions up to `close`, a trailing comma allowed.
    fn items(&mut self, close: u8) -> Result<Vec<Expr>> {
        let mut items = Vec::new();
        while !self.eat_op(close)? {
            items.push(self.expression()?);
            if !self.eat_op(b',')? {
                self.expect_op(close)?;
                break;
            }
        }
        Ok(items)
    }

    /// A sum or difference of two terms at most: a longer chain nests a
    /// BinOp as the left operand, which literal_eval refuses.
    fn expression(&mut self) -> Result<Expr> {
        let left = self.unary()?;
        let subtract = match self.peek()? {
            Token::Op(b'+') => false,
            Token::Op(b'-') => true,
            _ => return Ok(left),
        };
        self.peeked = None;
        let right = self.unary()?;
        if matches!(self.peek()?, Token::Op(b'+' | b'-')) {
            return Err(Rejected);
        }
        Ok(Expr::BinOp {
            left: Box::new(left),
            subtract,
            right: Box::new(right),
        })
    }

    /// At most one sign: a second one nests a UnaryOp, which literal_eval
    /// refuses.
    fn unary(&mut self) -> Result<Expr> {
        let negative = match self.peek()? {
            Token::Op(b'+') => false,
            Token::Op(b'-') => true,
            _ => return self.primary(),
        };
        self.peeked = None;
        if matches!(self.peek()?, Token::Op(b'+' | b'-')) {
            return Err(Rejected);
        }
        Ok(Expr::UnaryOp {
            negative,
            operand: Box::new(self.primary()?),
        })
    }

    /// An atom and its trailers: only `set()` is accepted as a call, and
    /// no subscript is.
    fn primary(&mut self) -> Result<Expr> {
        let atom = self.atom()?;
        let trailer = match self.peek()? {
            Token::Op(op @ (b'(' | b'[')) => Some(*op),
            _ => None,
        };
        match (atom, trailer) {
            (atom, None) => Ok(atom),
            (Expr::SetName, Some(b'(')) => {
                self.peeked = None;
                self.expect_op(b')')?;
                if matches!(self.peek()?, Token::Op(b'(' | b'[')) {
                    return Err(Rejected);
                }
                Ok(Expr::EmptySet)
            }
            _ => Err(Rejected),
        }
    }

    fn atom(&mut self) -> Result<Expr> {
        match self.next()? {
            Token::Constant(value) => Ok(Expr::Constant(value)),
            Token::Set => Ok(Expr::SetName),
            Token::Str(first) => self.adjacent_strings(first).map(Expr::Constant),
            Token::Op(b'(') => {
                if self.eat_op(b')')? {
                    return Ok(Expr::Tuple(Vec::new()));
                }
                let inner = self.expressions()?;
                self.expect_op(b')')?;
                Ok(inner)
            }
            Token::Op(b'[') => self.items(b']').map(Expr::List),
            Token::Op(b'{') => self.dict_or_set(),
            _ => Err(Rejected),
        }
    }

    fn dict_or_set(&mut self) -> Result<Expr> {
        if self.eat_op(b'}')? {
            return Ok(Expr::Dict(Vec::new()));
        }
        let first = self.expression()?;
        if !self.eat_op(b':')? {
            let mut items = vec![first];
            if self.eat_op(b',')? {
                items.extend(self.items(b'}')?);
            } else {
                self.expect_op(b'}')?;
            }
            return Ok(Expr::Set(items));
        }
        let mut pairs = vec![(first, self.expression()?)];
        while self.eat_op(b',')? {
            if self.eat_op(b'}')? {
                return Ok(Expr::Dict(pairs));
            }
            let key = self.expression()?;
            self.expect_op(b':')?;
            pairs.push((key, self.expression()?));
        }
        self.expect_op(b'}')?;
        Ok(Expr::Dict(pairs))
    }

    /// Adjacent string literals are one constant; str and bytes do not mix.
    fn adjacent_strings(&mut self, first: StrLiteral) -> Result<PyValue> {
        let mut joined = first;
        while matches!(self.peek()?, Token::Str(_)) {
            if let Token::Str(next) = self.next()? {
                joined = match (joined, next) {
                    (StrLiteral::Text(mut a), StrLiteral::Text(b)) => {
                        a.append(&b);
                        StrLiteral::Text(a)
                    }
                    (StrLiteral::Bytes(mut a), StrLiteral::Bytes(b)) => {
                        a.extend(b);
                        StrLiteral::Bytes(a)
                    }
                    _ => return Err(Rejected),
                };
            }
        }
        Ok(match joined {
            StrLiteral::Text(text) => PyValue::Str(text),
            StrLiteral::Bytes(bytes) => PyValue::Bytes(bytes),
        })
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    /// The end of the logical line, outside brackets.
    Newline,
    End,
    /// One of `( ) [ ] { } , : + -`.
    Op(u8),
    /// A number, `True`, `False`, `None` or `...`.
    Constant(PyValue),
    /// The identifier `set` (after NFKC normalization).
    Set,
    Str(StrLiteral),
}

#[derive(Debug, PartialEq)]
enum StrLiteral {
    Text(PyStr),
    Bytes(Vec<u8>),
}

/// CPython's tokenizer, for the tokens a literal can hold. Any other
/// token (names, operators, invalid characters) is refused where it starts.
struct Lexer<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    pos: usize,
    at_line_start: bool,
    /// The closing bracket for each open one.
    brackets: Vec<u8>,
    /// Whether the current logical line has produced a token yet, so that
    /// its end is a NEWLINE token.
    line_has_tokens: bool,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            pos: 0,
            at_line_start: true,
            brackets: Vec::new(),
            line_has_tokens: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + offset).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn next_token(&mut self) -> Result<Token> {
        loop {
            if mem::take(&mut self.at_line_start) {
                self.indentation()?;
            }
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\x0c')) {
                self.pos += 1;
            }
            match self.peek() {
                None if !self.brackets.is_empty() => return Err(Rejected),
                None if mem::take(&mut self.line_has_tokens) => return Ok(Token::Newline),
                None => return Ok(Token::End),
                Some(b'#') => {
                    let line_end = self.rest().find('\n').unwrap_or(self.rest().len());
                    self.pos += line_end;
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.at_line_start = true;
                    if self.brackets.is_empty() && mem::take(&mut self.line_has_tokens) {
                        return Ok(Token::Newline);
                    }
                }
                Some(b'\\') => self.line_continuation()?,
                Some(_) => {
                    self.line_has_tokens = true;
                    return self.token();
                }
            }
        }
    }

    /// A backslash must end the physical line, and more text must follow.
    fn line_continuation(&mut self) -> Result<()> {
        if self.peek_at(1) != Some(b'\n') || self.peek_at(2).is_none() {
            return Err(Rejected);
        }
        self.pos += 2;
        Ok(())
    }

    /// At the start of a physical line: outside brackets, a line with
    /// content must not be indented, since an expression has no place for
    /// an INDENT token. Tabs advance to the next multiple of 8, a form feed
    /// resets the column, and the first backslash continuation seen at a
    /// non-zero column fixes the indentation.
    fn indentation(&mut self) -> Result<()> {
        let mut column = 0;
        let mut continued_at = 0;
        loop {
            match self.peek() {
                Some(b' ') => column += 1,
                Some(b'\t') => column = (column / 8 + 1) * 8,
                Some(b'\x0c') => column = 0,
                Some(b'\\') => {
                    if continued_at == 0 {
                        continued_at = column;
                    }
                    self.line_continuation()?;
                    continue;
                }
                _ => break,
            }
            self.pos += 1;
        }
        let blank = matches!(self.peek(), Some(b'#' | b'\n'));
        let column = if continued_at != 0 {
            continued_at
        } else {
            column
        };
        if !blank && self.brackets.is_empty() && column != 0 {
            return Err(Rejected);
        }
        Ok(())
    }

    fn token(&mut self) -> Result<Token> {
        let c = self.peek_char().ok_or(Rejected)?;
        match c {
            '(' | '[' | '{' => {
                if self.brackets.len() >= MAX_BRACKET_DEPTH {
                    return Err(Rejected);
                }
                self.brackets.push(match c {
                    '(' => b')',
                    '[' => b']',
                    _ => b'}',
                });
                self.op()
            }
            ')' | ']' | '}' => {
                if self.brackets.pop() != self.peek() {
                    return Err(Rejected);
                }
                self.op()
            }
            ',' | ':' | '+' | '-' => self.op(),
            '.' if self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) => self.number(),
            '.' if self.rest().starts_with("...") => {
                self.pos += 3;
                Ok(Token::Constant(PyValue::Ellipsis))
            }
            '0'..='9' => self.number(),
            '\'' | '"' => self.string(Prefix::default()),
            c if c.is_ascii_alphabetic() || c == '_' || set_letter(c).is_some() => {
                self.name_or_string()
            }
            _ => Err(Rejected),
        }
    }

    fn op(&mut self) -> Result<Token> {
        let op = self.peek().ok_or(Rejected)?;
        self.pos += 1;
        Ok(Token::Op(op))
    }

    /// An identifier, or the prefix of a string literal. The only names a
    /// literal can hold are `True`, `False`, `None` and `set`; Python
    /// normalizes identifiers with NFKC, so `ｓｅｔ` is `set` as well.
    fn name_or_string(&mut self) -> Result<Token> {
        let start = self.pos;
        let mut normalized = String::new();
        while let Some(c) = self.peek_char() {
            let letter = match set_letter(c) {
                Some(letter) => letter,
                None if c.is_ascii_alphanumeric() || c == '_' => c,
                None => break,
            };
            normalized.push(letter);
            self.pos += c.len_utf8();
        }
        let word = &self.text[start..self.pos];
        if matches!(self.peek(), Some(b'\'' | b'"')) {
            return self.string(Prefix::parse(word).ok_or(Rejected)?);
        }
        match word {
            "True" => Ok(Token::Constant(PyValue::Bool(true))),
            "False" => Ok(Token::Constant(PyValue::Bool(false))),
            "None" => Ok(Token::Constant(PyValue::None)),
            _ if normalized == "set" => Ok(Token::Set),
            _ => Err(Rejected),
        }
    }

    /// A string literal whose prefix has been read.
    fn string(&mut self, prefix: Prefix) -> Result<Token> {
        let quote = self.peek_char().ok_or(Rejected)?;
        let triple: String = [quote; 3].iter().collect();
        let is_triple = self.rest().starts_with(&triple);
        self.pos += if is_triple { 3 } else { 1 };

        let start = self.pos;
        let end = loop {
            let c = self.peek_char().ok_or(Rejected)?;
            if is_triple && self.rest().starts_with(&triple) {
                self.pos += 3;
                break self.pos - 3;
            }
            self.pos += c.len_utf8();
            match c {
                _ if c == quote && !is_triple => break self.pos - 1,
                '\n' if !is_triple => return Err(Rejected),
                '\\' => self.pos += self.peek_char().ok_or(Rejected)?.len_utf8(),
                _ => {}
            }
        };
        let body = &self.text[start..end];

        // An f-string is a JoinedStr node, never a literal.
        if prefix.formatted || (prefix.bytes && !body.is_ascii()) {
            return Err(Rejected);
        }
        let literal = match (prefix.bytes, prefix.raw) {
            (true, true) => StrLiteral::Bytes(body.as_bytes().to_vec()),
            (true, false) => StrLiteral::Bytes(decode_bytes_escapes(body)?),
            (false, true) => StrLiteral::Text(PyStr::from(body)),
            (false, false) => StrLiteral::Text(decode_text_escapes(body)?),
        };
        Ok(Token::Str(literal))
    }

    /// A number in any of Python's forms; see the numeric literal grammar.
    fn number(&mut self) -> Result<Token> {
        let start = self.pos;
        let radix = match (self.peek(), self.peek_at(1)) {
            (Some(b'0'), Some(b'x' | b'X')) => Some(16),
            (Some(b'0'), Some(b'o' | b'O')) => Some(8),
            (Some(b'0'), Some(b'b' | b'B')) => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            self.pos += 2;
            return self.radix_integer(start, radix);
        }

        // The integer part. Zeros may lead only a float or an imaginary
        // number (`017.5`, `017j`) or an integer that is all zeros (`00`).
        let mut leading_zero_digits = false;
        match self.peek() {
            Some(b'0') => {
                self.digits(|b| b == b'0')?;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    leading_zero_digits = true;
                    self.digits(|b| b.is_ascii_digit())?;
                }
            }
            Some(b'1'..=b'9') => self.digits(|b| b.is_ascii_digit())?,
            _ => {}
        }

        let mut is_float = false;
        if self.peek() == Some(b'.') {
            is_float = true;
            self.pos += 1;
            if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.digits(|b| b.is_ascii_digit())?;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            is_float = true;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(Rejected);
            }
            self.digits(|b| b.is_ascii_digit())?;
        }
        let imaginary = matches!(self.peek(), Some(b'j' | b'J'));
        if imaginary {
            self.pos += 1;
        }
        self.end_of_number()?;

        let digits = self.text[start..self.pos].replace('_', "");
        if imaginary || is_float {
            let value: f64 = digits
                .trim_end_matches(['j', 'J'])
                .parse()
                .map_err(|_| Rejected)?;
            return Ok(Token::Constant(if imaginary {
                PyValue::Complex { re: 0.0, im: value }
            } else {
                PyValue::Float(value)
            }));
        }
        if leading_zero_digits || digits.len() > INT_MAX_STR_DIGITS {
            return Err(Rejected);
        }
        let value = digits.parse().map_err(|_| Rejected)?;
        Ok(Token::Constant(PyValue::Int(value)))
    }

    /// `0x`, `0o` or `0b` and its digits, each group of digits optionally
    /// preceded by one underscore.
    fn radix_integer(&mut self, start: usize, radix: u32) -> Result<Token> {
        let is_digit = |b: u8| char::from(b).is_digit(radix);
        loop {
            if self.peek() == Some(b'_') {
                self.pos += 1;
            }
            if !self.peek().is_some_and(is_digit) {
                return Err(Rejected);
            }
            while self.peek().is_some_and(is_digit) {
                self.pos += 1;
            }
            if self.peek() != Some(b'_') {
                break;
            }
        }
        self.end_of_number()?;
        let digits = self.text[start + 2..self.pos].replace('_', "");
        let value = BigInt::from_str_radix(&digits, radix).map_err(|_| Rejected)?;
        Ok(Token::Constant(PyValue::Int(value)))
    }

    /// A run of digits with single underscores between them, starting at a
    /// digit.
    fn digits(&mut self, is_digit: impl Fn(u8) -> bool) -> Result<()> {
        loop {
            while self.peek().is_some_and(&is_digit) {
                self.pos += 1;
            }
            if self.peek() != Some(b'_') {
                return Ok(());
            }
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(Rejected);
            }
        }
    }

    /// A number directly followed by a letter, digit or underscore is a
    /// syntax error, or (before a keyword such as `if`) an expression that
    /// is not a literal.
    fn end_of_number(&self) -> Result<()> {
        match self.peek_char() {
            Some(c) if c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii() => Err(Rejected),
            _ => Ok(()),
        }
    }
}

/// The letter of `set` that `c` normalizes to, for `c` outside ASCII.
fn set_letter(c: char) -> Option<char> {
    let cp = u32::from(c);
    SET_LETTERS
        .iter()
        .find(|(_, cps)| cps.contains(&cp))
        .map(|&(letter, _)| letter)
}

/// A string prefix: any case of `r`, `u`, `b`, `f` and the pairs `br`,
/// `rb`, `fr`, `rf`.
#[derive(Debug, Default, Clone, Copy)]
struct Prefix {
    raw: bool,
    bytes: bool,
    formatted: bool,
}

impl Prefix {
    fn parse(word: &str) -> Option<Prefix> {
        let (raw, bytes, formatted) = match word.to_ascii_lowercase().as_str() {
            "u" => (false, false, false),
            "r" => (true, false, false),
            "b" => (false, true, false),
            "br" | "rb" => (true, true, false),
            "f" => (false, false, true),
            "fr" | "rf" => (true, false, true),
            _ => return None,
        };
        Some(Prefix {
            raw,
            bytes,
            formatted,
        })
    }
}

/// The escapes both kinds of literal share, as the byte they stand for.
fn simple_escape(c: char) -> Option<u8> {
    Some(match c {
        '\\' => b'\\',
        '\'' => b'\'',
        '"' => b'"',
        'a' => 0x07,
        'b' => 0x08,
        'f' => 0x0c,
        'n' => b'\n',
        'r' => b'\r',
        't' => b'\t',
        'v' => 0x0b,
        _ => return None,
    })
}

/// The value of one to three octal digits, the first already taken.
fn octal(first: char, rest: &mut std::iter::Peekable<std::str::Chars<'_>>) -> u32 {
    let mut value = first.to_digit(8).unwrap_or(0);
    for _ in 0..2 {
        match rest.peek().and_then(|c| c.to_digit(8)) {
            Some(digit) => {
                value = value * 8 + digit;
                rest.next();
            }
            None => break,
        }
    }
    value
}

/// Exactly `count` hex digits.
fn hex(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, count: usize) -> Result<u32> {
    let mut value = 0;
    for _ in 0..count {
        let digit = chars.next().and_then(|c| c.to_digit(16)).ok_or(Rejected)?;
        value = value * 16 + digit;
    }
    Ok(value)
}

/// The escapes of a str literal. An unknown escape keeps its backslash.
fn decode_text_escapes(body: &str) -> Result<PyStr> {
    let mut out = PyStr::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escape = chars.next().ok_or(Rejected)?;
        let cp = match escape {
            '\n' => continue,
            '0'..='7' => octal(escape, &mut chars),
            'x' => hex(&mut chars, 2)?,
            'u' => hex(&mut chars, 4)?,
            'U' => hex(&mut chars, 8)?,
            'N' => named_escape(&mut chars)?,
            _ => match simple_escape(escape) {
                Some(byte) => u32::from(byte),
                None => {
                    out.push('\\');
                    u32::from(escape)
                }
            },
        };
        // Only `\U` can exceed U+10FFFF, which Python refuses.
        if !out.push_code_point(cp) {
            return Err(Rejected);
        }
    }
    Ok(out)
}

/// `\N{name}`, after the `N`.
fn named_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<u32> {
    if chars.next() != Some('{') {
        return Err(Rejected);
    }
    let mut name = String::new();
    loop {
        match chars.next().ok_or(Rejected)? {
            '}' => break,
            c => name.push(c),
        }
    }
    names::lookup(&name).ok_or(Rejected)
}

/// The escapes of a bytes literal: no `\u`, `\U` or `\N` (they keep their
/// backslash), and an octal escape above 0o377 wraps modulo 256.
fn decode_bytes_escapes(body: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        // The body is ASCII, checked by the caller.
        let byte = u8::try_from(c).map_err(|_| Rejected)?;
        if c != '\\' {
            out.push(byte);
            continue;
        }
        let escape = chars.next().ok_or(Rejected)?;
        match escape {
            '\n' => {}
            '0'..='7' => out.push(octal(escape, &mut chars).to_le_bytes()[0]),
            'x' => out.push(hex(&mut chars, 2)?.to_le_bytes()[0]),
            _ => match simple_escape(escape) {
                Some(byte) => out.push(byte),
                None => {
                    out.push(b'\\');
                    out.push(u8::try_from(escape).map_err(|_| Rejected)?);
                }
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str) -> Option<String> {
        literal_eval(text)
            .ok()
            .map(|value| value.repr().unwrap_or_default())
    }

    fn rejects(text: &str) -> bool {
        literal_eval(text).is_err()
    }

    #[test]
    fn adjacent_string_literals_join_across_prefixes() {
        assert_eq!(eval("'a' 'b'").as_deref(), Some("'ab'"));
        assert_eq!(eval(r"'a' r'\n' u'c'").as_deref(), Some(r"'a\\nc'"));
        assert_eq!(eval("('a'\n'b')").as_deref(), Some("'ab'"));
        assert_eq!(eval("'a' \\\n 'b'").as_deref(), Some("'ab'"));
        assert_eq!(eval("b'a' B'b'").as_deref(), Some("b'ab'"));
        assert!(rejects("'a' b'b'"));
        assert!(rejects("'a' + 'b'"));
        assert!(rejects("'a'\n'b'"));
    }

    #[test]
    fn string_prefixes_are_case_insensitive_and_f_strings_are_refused() {
        assert_eq!(eval("Rb'x'").as_deref(), Some("b'x'"));
        assert_eq!(eval("bR'\\\\'").as_deref(), Some(r"b'\\\\'"));
        assert_eq!(eval("U'x'").as_deref(), Some("'x'"));
        for bad in ["ur'x'", "f'x'", "'a' f'b'", "rf'x'", "x'a'", "bu'x'"] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn str_escapes_decode_as_python_does() {
        let decoded = eval(r"'\N{EM DASH}\x41\u00e9\U0001F600\101\q'");
        assert_eq!(decoded.as_deref(), Some(r"'—Aé😀A\\q'"));
        assert_eq!(eval(r"'\400'").as_deref(), Some("'Ā'"));
        assert_eq!(eval(r"'\1011'").as_deref(), Some("'A1'"));
        assert_eq!(eval(r"'\8'").as_deref(), Some(r"'\\8'"));
        assert_eq!(eval(r"'\ud800'").as_deref(), Some(r"'\ud800'"));
        assert_eq!(eval("'a\\\nb'").as_deref(), Some("'ab'"));
        assert_eq!(
            eval(r"'\a\b\f\v\0'").as_deref(),
            Some(r"'\x07\x08\x0c\x0b\x00'")
        );
        for bad in [
            r"'\x4'",
            r"'\u12'",
            r"'\U00110000'",
            r"'\N{DASH}'",
            r"'\N{}'",
            r"'\N'",
        ] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn bytes_escapes_wrap_octal_and_keep_unicode_escapes_literal() {
        assert_eq!(eval(r"b'\400\u00e9'").as_deref(), Some(r"b'\x00\\u00e9'"));
        assert_eq!(
            eval(r"b'\777\N{DASH}'").as_deref(),
            Some(r"b'\xff\\N{DASH}'")
        );
        assert!(rejects("b'é'"));
        assert!(rejects(r"b'\x4'"));
    }

    #[test]
    fn raw_strings_keep_backslashes_but_still_escape_the_quote() {
        assert_eq!(eval(r"r'\''").as_deref(), Some(r#""\\'""#));
        assert_eq!(eval("r'a\\\nb'").as_deref(), Some(r"'a\\\nb'"));
        assert!(rejects(r"r'\'"));
    }

    #[test]
    fn triple_quoted_strings_may_span_lines() {
        assert_eq!(eval("'''a\nb'''").as_deref(), Some(r"'a\nb'"));
        assert_eq!(eval("''''a'''").as_deref(), Some(r#""'a""#));
        assert_eq!(eval(r#""""a"b""""#).as_deref(), Some(r#"'a"b'"#));
        assert!(rejects("'''a''''"));
        assert!(rejects("'a\nb'"));
    }

    #[test]
    fn carriage_returns_read_as_newlines() {
        assert!(rejects("'a\rb'"));
        assert_eq!(eval("'''a\r\nb'''").as_deref(), Some(r"'a\nb'"));
        assert_eq!(eval("(1\r\n,2)").as_deref(), Some("(1, 2)"));
    }

    #[test]
    fn number_forms_follow_the_python_grammar() {
        let cases = [
            ("0x_1F", "31"),
            ("0o17", "15"),
            ("0b1_0", "2"),
            ("1_000_000", "1000000"),
            ("00", "0"),
            ("0_0", "0"),
            ("017.5", "17.5"),
            ("0_7j", "7j"),
            ("0777e1", "7770.0"),
            ("1.e5", "100000.0"),
            (".5j", "0.5j"),
            ("1e1_0", "10000000000.0"),
            ("1E5J", "100000j"),
            ("1e400", "inf"),
            ("1e400j", "infj"),
            ("0.000_1", "0.0001"),
        ];
        for (text, repr) in cases {
            assert_eq!(eval(text).as_deref(), Some(repr), "{text}");
        }
        for bad in [
            "017",
            "0_7",
            "09",
            "1__0",
            "1_",
            "1_e10",
            "1e_10",
            "1._5",
            "0x",
            "0x_",
            "0xg",
            "0o8",
            "0b12",
            "1.5e",
            "1jj",
            "1_j",
            "0x1j",
            "1L",
            "1if 1 else 2",
        ] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn decimal_integers_stop_at_4300_digits() {
        assert!(literal_eval(&"7".repeat(4300)).is_ok());
        assert!(rejects(&"7".repeat(4301)));
        assert!(rejects(&"0".repeat(4301)));
        assert!(literal_eval(&format!("0x{}", "f".repeat(5000))).is_ok());
    }

    #[test]
    fn one_sign_applies_to_a_number_only() {
        assert_eq!(eval("-(((5)))").as_deref(), Some("-5"));
        assert_eq!(eval("+1.5").as_deref(), Some("1.5"));
        assert_eq!(eval("- 1").as_deref(), Some("-1"));
        assert_eq!(eval("-0j").as_deref(), Some("(-0-0j)"));
        for bad in ["--5", "-(-5)", "-True", "-'a'", "~5", "-((5,))", "-\n1"] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn binary_plus_or_minus_only_joins_a_real_and_an_imaginary_number() {
        assert_eq!(eval("-1-2j").as_deref(), Some("(-1-2j)"));
        assert_eq!(eval("1-0j").as_deref(), Some("(1+0j)"));
        assert_eq!(eval("(1)+2j").as_deref(), Some("(1+2j)"));
        assert_eq!(eval("-1e400+1e400j").as_deref(), Some("(-inf+infj)"));
        let too_big = format!("0x1{}+1j", "0".repeat(300));
        for bad in [
            "1+2", "3j+2", "1j+1j", "True+1j", "1+-2j", "1+2j+3j", "2**2", &too_big,
        ] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn containers_nest_and_allow_trailing_commas() {
        assert_eq!(eval("1,2").as_deref(), Some("(1, 2)"));
        assert_eq!(eval("1,").as_deref(), Some("(1,)"));
        assert_eq!(eval("()").as_deref(), Some("()"));
        assert_eq!(eval("[1, 2,]").as_deref(), Some("[1, 2]"));
        assert_eq!(eval("{1:2,}").as_deref(), Some("{1: 2}"));
        assert_eq!(
            eval("{'a':[1,{2:3}]}").as_deref(),
            Some("{'a': [1, {2: 3}]}")
        );
        assert_eq!(eval("{(): 1}").as_deref(), Some("{(): 1}"));
        for bad in [
            "(,)",
            "[,]",
            "[1,,]",
            "{,}",
            ",1",
            "1,,",
            "{1: 2, 3}",
            "{**{}}",
            "[*a]",
        ] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn duplicate_dict_keys_keep_the_last_value() {
        assert_eq!(eval("{'a': 1, 'a': 2,}").as_deref(), Some("{'a': 2}"));
        assert_eq!(
            eval("{1: 'a', True: 'b', 1.0: 'c'}").as_deref(),
            Some("{1: 'c'}")
        );
        assert_eq!(eval("{1, 1.0, True}").as_deref(), Some("{1}"));
    }

    #[test]
    fn unhashable_keys_and_members_are_refused() {
        for bad in ["{[1]: 2}", "{(1, [2]): 3}", "{set(): 1}", "{{}}", "{[]}"] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn set_call_without_arguments_is_the_only_call() {
        for text in [
            "set()",
            "set ()",
            "set( )",
            "(set)()",
            "((set))()",
            "ｓｅｔ()",
            "ſet()",
        ] {
            assert_eq!(eval(text).as_deref(), Some("set()"), "{text:?}");
        }
        for bad in [
            "set([1])",
            "set(())",
            "frozenset()",
            "set()()",
            "set()[0]",
            "set",
            "dict()",
        ] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn names_other_than_the_constants_are_refused() {
        assert_eq!(
            eval("(True, False, None, ...)").as_deref(),
            Some("(True, False, None, Ellipsis)")
        );
        for bad in [
            "Ellipsis",
            "nan",
            "x",
            "Ｔｒｕｅ",
            ". . .",
            "1 .real",
            "{'a': 1}.get",
            "lambda: 1",
        ] {
            assert!(rejects(bad), "{bad:?}");
        }
    }

    #[test]
    fn white_space_comments_and_indentation_follow_the_tokenizer() {
        let accepted = [
            "  \t{'k': None}  # c",
            "\n\x0c1",
            " \x0c1",
            "1\n  \n",
            "1\n  # c",
            "1 # c\n\n",
            "#c\n1",
            "1#c",
            "\\\n1",
            "1\n\x0c",
            "1\n \x0c",
            "(\n 1)",
            "1\\\n+2j",
        ];
        for text in accepted {
            assert!(literal_eval(text).is_ok(), "{text:?}");
        }
        let refused = [
            "\n 1", "\x0c 1", "1\n\t", "1\n \n ", "\\\n 1", "1 \\\n", "1\n\\\n", "1 \\ \n", "1\n2",
        ];
        for text in refused {
            assert!(rejects(text), "{text:?}");
        }
        assert!(rejects("\x0b1"));
        assert!(rejects("{'a':1}\0"));
        assert!(rejects(""));
        assert!(rejects("  # only a comment"));
    }

    #[test]
    fn brackets_nest_at_most_200_deep() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(literal_eval(&nested(200)).is_ok());
        assert!(rejects(&nested(201)));
        assert!(rejects(&format!("{}1{}", "(".repeat(201), ")".repeat(201))));
        assert!(rejects(&"[".repeat(100_000)));
    }

    #[test]
    fn mismatched_or_unclosed_brackets_are_refused() {
        for bad in ["(1]", "[1", "1)", "{'a': 1", "[(])"] {
            assert!(rejects(bad), "{bad:?}");
        }
    }
}
